"use client";

import { primaryButton } from "@/app/_components/styles";
import { useStartSession } from "@/app/_lib/use-start-session";
import type { Track } from "@/lib/bank/schema";

/** Starts a review session: the server plans it from the key points due now (of this track, when filtered). */
export function ReviewNowButton({ track }: { track?: Track }) {
  const { start, busy, error } = useStartSession("Could not start the review. Please try again.");

  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" className={primaryButton} onClick={() => start({ review: true, ...(track ? { track } : {}) })} disabled={busy} aria-busy={busy}>
        {busy ? "Starting…" : "Review now"}
      </button>
      {error && (
        <span role="alert" data-testid="error-alert" className="text-sm text-rose-700 dark:text-rose-300">
          {error}
        </span>
      )}
    </span>
  );
}
