"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { sessionSummary } from "@/app/_lib/conversation";
import { forgetSession, rememberedSessionIds } from "@/app/_lib/local-store";
import { fetchSession, type SessionView } from "@/app/_lib/sessions-client";
import { card, focusRing } from "../styles";

interface Unfinished {
  session: SessionView;
  answered: number;
}

/** Sessions started in this browser that have no summary yet. Ids come from localStorage; the server has the rest. */
export function ResumeSessions() {
  const [sessions, setSessions] = useState<Unfinished[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    Promise.all(
      rememberedSessionIds().map(async (id) => {
        const payload = await fetchSession(id).catch(() => undefined);
        if (payload === null) forgetSession(id);
        if (!payload || payload.session.state === "ended" || sessionSummary(payload.messages)) return null;
        return { session: payload.session, answered: payload.messages.filter((m) => m.role === "user").length };
      }),
    ).then((found) => {
      if (!cancelled) setSessions(found.filter((s): s is Unfinished => s !== null));
    });
    return () => {
      cancelled = true;
    };
  }, []);

  if (!sessions || sessions.length === 0) return null;
  return (
    <section aria-labelledby="resume-heading" className={card} data-testid="resume-sessions">
      <h2 id="resume-heading" className="text-lg font-semibold">
        Pick up where you left off
      </h2>
      <ul className="mt-3 divide-y divide-zinc-200 dark:divide-zinc-800">
        {sessions.map(({ session, answered }) => (
          <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <span className="text-sm">
              {session.mode === "mock" ? "Mock interview" : "Practice"} · {session.track === "all" ? "all tracks" : session.track}
              <span className="text-zinc-600 dark:text-zinc-400"> · {answered} message{answered === 1 ? "" : "s"} sent</span>
            </span>
            <Link href={`/interview/${session.id}`} data-testid="resume-link" className={`text-sm font-semibold text-indigo-700 underline dark:text-indigo-300 ${focusRing}`}>
              Resume
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
