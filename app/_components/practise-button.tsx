"use client";

import { useStartSession } from "@/app/_lib/use-start-session";
import { primaryButton, secondaryButton } from "./styles";

/** Starts a practice session on one question and opens it. */
export function PractiseButton({ questionId, label = "Practise this one", variant = "primary" }: { questionId: string; label?: string; variant?: "primary" | "secondary" }) {
  const { start, busy, error } = useStartSession("Could not start the session. Please try again.");

  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" data-testid="practise" className={variant === "primary" ? primaryButton : secondaryButton} onClick={() => start({ track: "all", mode: "practice", questionId })} disabled={busy} aria-busy={busy}>
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
