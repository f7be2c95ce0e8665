import type { RehearseDataParts } from "@/lib/interview/protocol";
import { secondaryButton } from "../styles";

/** The server read the message as a question to the interviewer; the candidate may say it was an answer. */
export function isDetectedQuestion(status: RehearseDataParts["status"]): boolean {
  return status.state === "ask-detected";
}

export function StatusNote({ status, onTreatAsAnswer }: { status: RehearseDataParts["status"]; onTreatAsAnswer?: () => void }) {
  const detected = isDetectedQuestion(status);
  const message = status.message ?? (detected ? "I took that as a question to me." : null);
  if (!message) return null;
  return (
    <div data-testid="status" data-state={status.state} className="flex flex-wrap items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
      <span>{message}</span>
      {detected && onTreatAsAnswer && (
        <button type="button" data-testid="treat-as-answer" className={secondaryButton} onClick={onTreatAsAnswer}>
          No, grade it as my answer
        </button>
      )}
    </div>
  );
}
