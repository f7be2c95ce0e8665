"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/app/_lib/api-error";
import { createSession } from "@/app/_lib/sessions-client";
import { primaryButton, secondaryButton } from "./styles";

/** Starts a practice session on one question and opens it. */
export function PractiseButton({ questionId, label = "Practise this one", variant = "primary" }: { questionId: string; label?: string; variant?: "primary" | "secondary" }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const { session } = await createSession({ track: "all", mode: "practice", questionId });
      router.push(`/interview/${session.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not start the session. Please try again.");
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" data-testid="practise" className={variant === "primary" ? primaryButton : secondaryButton} onClick={start} disabled={busy} aria-busy={busy}>
        {busy ? "Starting…" : label}
      </button>
      {error && (
        <span role="alert" data-testid="error-alert" className="text-sm text-rose-700 dark:text-rose-300">
          {error}
        </span>
      )}
    </span>
  );
}
