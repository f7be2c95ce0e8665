"use client";

import { StartSessionButton } from "./start-session-button";

/** Starts a practice session on one question and opens it. */
export function PractiseButton({
  questionId,
  label = "Practise this one",
  variant = "primary",
}: {
  questionId: string;
  label?: string;
  variant?: "primary" | "secondary";
}) {
  return (
    <StartSessionButton
      input={{ track: "all", mode: "practice", questionId }}
      label={label}
      failure="Could not start the session. Please try again."
      variant={variant}
      testId="practise"
    />
  );
}
