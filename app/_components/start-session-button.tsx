"use client";

import { useStartSession } from "@/app/_lib/use-start-session";
import type { createSession } from "@/app/_lib/sessions-client";
import { primaryButton, secondaryButton } from "./styles";

interface StartSessionButtonProps {
  /** The session to create (POST /api/sessions) when pressed; it opens on success. */
  input: Parameters<typeof createSession>[0];
  label: string;
  /** Shown when the server cannot be reached; the server's own message is shown otherwise. */
  failure: string;
  variant?: "primary" | "secondary";
  testId?: string;
}

/** A button that starts a session and opens it, with its busy state and error in place. */
export function StartSessionButton({ input, label, failure, variant = "primary", testId }: StartSessionButtonProps) {
  const { start, busy, error } = useStartSession(failure);
  return (
    <span className="inline-flex flex-col gap-1">
      <button
        type="button"
        data-testid={testId}
        className={variant === "primary" ? primaryButton : secondaryButton}
        onClick={() => start(input)}
        disabled={busy}
        aria-busy={busy}
      >
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
