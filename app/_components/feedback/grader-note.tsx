import type { GraderInfo } from "@/lib/grading/assessment";

/** Who graded: the local judge, an LLM (by model id), or the local judge standing in for a failed LLM. */
export function GraderNote({ grader }: { grader: GraderInfo }) {
  const label = grader.kind === "llm" ? `LLM judge${grader.model ? ` (${grader.model})` : ""}` : "Local judge";
  return (
    <p data-testid="grader" data-grader={grader.kind} className="text-xs text-zinc-600 dark:text-zinc-400">
      Graded by {label}
      {grader.fallbackReason && <span data-testid="grader-fallback"> — LLM unavailable: {grader.fallbackReason}</span>}
    </p>
  );
}
