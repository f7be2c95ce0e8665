"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { TRACK_LABELS, trackSchema } from "@/lib/bank/schema";
import { listSessions, type SessionListItem } from "@/app/_lib/sessions-client";
import { card, focusRing } from "../styles";

function describe(session: SessionListItem): string {
  const track = trackSchema.safeParse(session.track);
  const started = new Date(session.createdAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return `${session.mode === "mock" ? "Mock interview" : "Practice"} · ${track.success ? TRACK_LABELS[track.data] : "All tracks"} · started ${started}`;
}

/** This browser's unfinished sessions (the server knows them by the identity cookie). */
export function ResumeSessions() {
  const [sessions, setSessions] = useState<SessionListItem[]>([]);

  useEffect(() => {
    let cancelled = false;
    listSessions()
      .then((all) => {
        if (!cancelled) setSessions(all.filter((s) => s.status === "active").slice(0, 5));
      })
      // Resuming is a convenience: if the list cannot load, the page still starts new sessions.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  if (sessions.length === 0) return null;
  return (
    <section aria-labelledby="resume-heading" className={card} data-testid="resume-sessions">
      <h2 id="resume-heading" className="text-lg font-semibold">
        Pick up where you left off
      </h2>
      <ul className="mt-2 divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="text-sm">{describe(session)}</span>
            <Link
              href={`/interview/${session.id}`}
              data-testid="resume-link"
              className={`text-sm font-semibold text-indigo-700 underline dark:text-indigo-300 ${focusRing}`}
            >
              Resume
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
