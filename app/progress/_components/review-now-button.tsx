"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { primaryButton } from "@/app/_components/styles";
import { ApiError } from "@/app/_lib/api-error";
import { createSession } from "@/app/_lib/sessions-client";
import type { Track } from "@/lib/bank/schema";

/** Starts a review session: the server plans it from the key points due now (of this track, when filtered). */
export function ReviewNowButton({ track }: { track?: Track }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const { session } = await createSession({ review: true, ...(track ? { track } : {}) });
      router.push(`/interview/${session.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not start the review. Please try again.");
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" className={primaryButton} onClick={start} disabled={busy} aria-busy={busy}>
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
