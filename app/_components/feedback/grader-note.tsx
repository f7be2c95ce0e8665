import type { GraderInfo } from "@/lib/grading/assessment";

/** Who graded: the local judge, an LLM (by model id), or the local judge standing in for a failed LLM, and why. */
export function GraderNote({ grader }: { grader: GraderInfo }) {
  const label = grader.kind === "llm" ? `LLM judge${grader.model ? ` (${grader.model})` : ""}` : "Local judge";
  return (
    <div className="space-y-1 text-xs text-zinc-600 dark:text-zinc-400">
      <p data-testid="grader" data-grader={grader.kind} data-fallback-code={grader.fallbackCode}>
        Graded by {label}
        {grader.fallbackReason && <span data-testid="grader-fallback"> — LLM unavailable: {grader.fallbackReason}</span>}
      </p>
      {grader.note && <p data-testid="grader-note">{grader.note}</p>}
    </div>
  );
}
