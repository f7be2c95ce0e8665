import { card } from "../styles";

const LABELS = {
  grading: "Grading your answer…",
  answering: "Looking that up in the question bank…",
  thinking: "The interviewer is thinking…",
} as const;

/** A skeleton the size of the coming reply, so the page does not jump when it arrives. */
export function PendingReply({ kind }: { kind: keyof typeof LABELS }) {
  return (
    <div role="status" aria-live="polite" data-testid="pending" className={`${card} space-y-3`}>
      <p className="text-sm font-medium text-zinc-700 dark:text-zinc-300">{LABELS[kind]}</p>
      <div aria-hidden="true" className="space-y-2 motion-safe:animate-pulse">
        <div className="h-6 w-32 rounded-full bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-12 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-12 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        {kind === "grading" && <div className="h-12 rounded-lg bg-zinc-200 dark:bg-zinc-800" />}
      </div>
    </div>
  );
}
