"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { TRACK_LABELS, trackSchema } from "@/lib/bank/schema";
import { ApiError } from "@/app/_lib/api-error";
import { fetchSession, type SessionPayload } from "@/app/_lib/sessions-client";
import type { GraderSummary } from "@/lib/ai/providers";
import { focusRing, primaryButton } from "../styles";
import { GraderBanner } from "./grader-banner";
import { InterviewChat } from "./interview-chat";

type Loaded = { state: "loading" } | { state: "not-found" } | { state: "error"; message: string } | { state: "ready"; payload: SessionPayload };

function trackLabel(track: string): string {
  const parsed = trackSchema.safeParse(track);
  return parsed.success ? TRACK_LABELS[parsed.data] : "All tracks";
}

/** Loads the session (rehydrating the conversation after a reload) and then hands over to the chat. */
export function InterviewScreen({ sessionId, grader }: { sessionId: string; grader: GraderSummary }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });

  useEffect(() => {
    let cancelled = false;
    fetchSession(sessionId)
      .then((payload) => {
        if (cancelled) return;
        setLoaded(payload ? { state: "ready", payload } : { state: "not-found" });
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoaded({ state: "error", message: error instanceof ApiError ? error.message : "Could not load the session." });
      });
    return () => {
      cancelled = true;
    };
  }, [sessionId]);

  if (loaded.state === "loading") {
    return (
      <div role="status" aria-live="polite" className="space-y-3">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the interview…</p>
        <div aria-hidden="true" className="h-24 rounded-xl bg-zinc-100 motion-safe:animate-pulse dark:bg-zinc-900" />
      </div>
    );
  }
  if (loaded.state === "not-found") {
    return (
      <div data-testid="not-found" className="space-y-3">
        <h1 className="text-xl font-semibold">Interview not found</h1>
        <p>This session does not exist, or it was started in another browser.</p>
        <Link href="/" className={primaryButton}>
          Start a new session
        </Link>
      </div>
    );
  }
  if (loaded.state === "error") {
    return (
      <p role="alert" data-testid="error-alert" className="text-rose-800 dark:text-rose-300">
        {loaded.message}
      </p>
    );
  }

  const { session, messages } = loaded.payload;
  return (
    <>
      <header className="mb-6 flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{session.mode === "mock" ? "Mock interview" : "Practice"}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {trackLabel(session.track)}
          {session.mode === "mock" && session.questionCount ? ` · ${session.questionCount} questions` : ""}
          {session.mode === "mock" ? " · feedback at the end" : " · feedback after every answer"}
          {" · "}
          <Link href="/" className={`underline ${focusRing}`}>
            Leave
          </Link>
        </p>
      </header>
      <div className="mb-4">
        <GraderBanner grader={grader} />
      </div>
      <InterviewChat session={session} initialMessages={messages} />
    </>
  );
}
