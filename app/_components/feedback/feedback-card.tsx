"use client";

import { useId, useState } from "react";
import type { RehearseDataParts } from "@/lib/interview/protocol";
import { Markdown } from "../lazy-markdown";
import { ScoreBadge } from "../score-badge";
import { card, focusRing } from "../styles";
import { GraderNote } from "./grader-note";
import { KeyPointList } from "./key-point-list";
import { ReferenceAnswer } from "./reference-answer";

function BulletSection({ title, items, testId }: { title: string; items: string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <section data-testid={testId}>
      <h4 className="text-sm font-semibold">{title}</h4>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </section>
  );
}

interface FeedbackCardProps {
  part: RehearseDataParts["assessment"];
  isFollowUp: boolean;
  /** An earlier answer's card: only its summary line (question, score, band) until the candidate opens it. */
  collapsed?: boolean;
}

/**
 * The full judgement of one answer, in the order a candidate reads it: verdict, what was missing, how
 * to say it. Earlier answers' cards fold to their header, and a folded body is not rendered at all:
 * with every past card mounted, each new answer took longer to show than the one before.
 */
export function FeedbackCard({ part, isFollowUp, collapsed = false }: FeedbackCardProps) {
  const { assessment, recovered, reference } = part;
  const refused = assessment.score === 0 && assessment.keyPoints.every((p) => p.verdict === "missed");
  // The candidate's own choice wins; until they make one, the card folds once a newer answer is graded.
  const [openedByCandidate, setOpenedByCandidate] = useState<boolean | null>(null);
  const open = openedByCandidate ?? !collapsed;
  const bodyId = useId();
  return (
    <article
      data-testid="feedback"
      data-collapsed={!open || undefined}
      aria-label={isFollowUp ? "Feedback on your follow-up answer" : "Feedback on your answer"}
      className={`${card} space-y-4`}
    >
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="font-semibold">{isFollowUp ? "Follow-up feedback" : "Feedback"}</h3>
          {/* Mock interviews show every answer's feedback together at the end: name the question. */}
          <p data-testid="feedback-question" className="text-xs text-zinc-600 dark:text-zinc-400">
            {reference.title}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <ScoreBadge score={assessment.score} band={assessment.band} />
          <button
            type="button"
            data-testid="feedback-toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpenedByCandidate(!open)}
            className={`rounded text-sm underline ${focusRing}`}
          >
            {open ? "Hide details" : "Show details"}
          </button>
        </div>
      </header>

      {open && (
        <div id={bodyId} className="space-y-4">
          {assessment.injectionDetected && (
            <p className="rounded-md bg-rose-50 p-2 text-sm text-rose-900 dark:bg-rose-950 dark:text-rose-200">
              Part of the answer addressed the grader rather than the question; it earned nothing.
            </p>
          )}
          {assessment.offTopic && <p className="text-sm text-zinc-700 dark:text-zinc-300">The answer did not address this question.</p>}

          <KeyPointList points={assessment.keyPoints} recovered={recovered} />

          {assessment.errors.length > 0 && (
            <section data-testid="errors">
              <h4 className="text-sm font-semibold">Corrections</h4>
              <ul className="mt-1 space-y-2 text-sm">
                {assessment.errors.map((error) => (
                  <li key={error.claim} data-reference-wrong={error.referenceIsWrong || undefined}>
                    <span className="italic">“{error.claim}”</span> — {error.correction}
                    {error.referenceIsWrong && (
                      <span className="ml-1 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-semibold text-sky-900 dark:bg-sky-950 dark:text-sky-200">
                        The reference is wrong here; no penalty
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          )}

          <BulletSection title="Strengths" items={assessment.strengths} testId="strengths" />
          <BulletSection title="To improve" items={assessment.improvements} testId="improvements" />

          {assessment.improvedAnswer && (
            <section>
              <h4 className="text-sm font-semibold">How you could say it</h4>
              <div data-testid="improved-answer" className="mt-1 rounded-lg bg-indigo-50 p-3 text-sm dark:bg-indigo-950/50">
                <Markdown deferred>{assessment.improvedAnswer}</Markdown>
              </div>
            </section>
          )}

          <ReferenceAnswer reference={reference} open={refused} />
          <GraderNote grader={assessment.grader} />
        </div>
      )}
    </article>
  );
}
