"use client";

import Link from "next/link";
import { useState } from "react";
import { Markdown } from "../lazy-markdown";
import { focusRing } from "../styles";

interface Reference {
  questionId: string;
  title: string;
  answer: string;
  source: string;
}

/**
 * The bank's answer, collapsed so it never spoils the feedback above it unless asked for. Its body
 * (markdown with highlighted code) is rendered only once opened: a session's worth of references
 * kept mounted made every later answer slower to show.
 */
export function ReferenceAnswer({ reference, open: initiallyOpen = false }: { reference: Reference; open?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <details
      data-testid="reference"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group rounded-lg border border-zinc-200 dark:border-zinc-800"
    >
      <summary className={`cursor-pointer rounded-lg px-3 py-2 text-sm font-semibold hover:bg-zinc-50 dark:hover:bg-zinc-800/60 ${focusRing}`}>
        Reference answer
      </summary>
      {open && (
        <div className="border-t border-zinc-200 px-3 py-3 dark:border-zinc-800">
          <p className="mb-3 text-xs text-zinc-600 dark:text-zinc-400">
            From{" "}
            <Link href={`/questions/${reference.questionId}`} className={`underline ${focusRing}`}>
              {reference.title}
            </Link>{" "}
            · <code data-testid="reference-source">{reference.source}</code>
          </p>
          <Markdown className="text-sm">{reference.answer}</Markdown>
        </div>
      )}
    </details>
  );
}
