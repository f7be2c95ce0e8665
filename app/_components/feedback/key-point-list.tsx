import type { KeyPointVerdict, Verdict } from "@/lib/grading/assessment";

const VERDICTS: Record<Verdict, { label: string; icon: string; style: string }> = {
  covered: { label: "Covered", icon: "✓", style: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" },
  partial: { label: "Partial", icon: "◐", style: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" },
  missed: { label: "Missed", icon: "○", style: "bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200" },
  contradicted: { label: "Contradicted", icon: "✕", style: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200" },
};

export function VerdictTag({ verdict }: { verdict: Verdict }) {
  const { label, icon, style } = VERDICTS[verdict];
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-0.5 text-xs font-semibold ${style}`}>
      <span aria-hidden="true">{icon}</span>
      {label}
    </span>
  );
}

/** Each rubric point with its verdict and the candidate's own words that earned it. */
export function KeyPointList({ points, recovered = [] }: { points: KeyPointVerdict[]; recovered?: string[] }) {
  return (
    <ul className="space-y-2" aria-label="Key points">
      {points.map((point) => {
        const isRecovered = recovered.includes(point.id);
        return (
          <li
            key={point.id}
            data-testid="key-point"
            data-verdict={point.verdict}
            data-recovered={isRecovered || undefined}
            className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="flex flex-wrap items-start gap-2">
              <VerdictTag verdict={point.verdict} />
              {isRecovered && (
                <span
                  data-testid="recovered"
                  className="rounded-md bg-sky-100 px-2 py-0.5 text-xs font-semibold text-sky-900 dark:bg-sky-950 dark:text-sky-200"
                >
                  Recovered in follow-up
                </span>
              )}
              {!point.core && <span className="text-xs text-zinc-600 dark:text-zinc-400">(depth)</span>}
              <span data-testid="key-point-label" className="min-w-0 flex-1 text-sm font-medium">
                {point.label ?? point.text}
              </span>
            </div>
            {/* The reference's full wording, when the label shortened it. */}
            {point.label && point.label !== point.text && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{point.text}</p>}
            {point.correction && (
              <p data-testid="reference-wrong" className="mt-2 rounded-md bg-sky-50 p-2 text-xs text-sky-950 dark:bg-sky-950/60 dark:text-sky-100">
                <span className="font-semibold">The reference is wrong here:</span> {point.correction}
              </p>
            )}
            {point.evidence && (
              <blockquote
                data-testid="evidence"
                className="mt-2 border-l-2 border-zinc-300 pl-3 text-sm italic text-zinc-700 dark:border-zinc-600 dark:text-zinc-300"
              >
                <span className="sr-only">Your words: </span>“{point.evidence}”
              </blockquote>
            )}
            {point.note && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{point.note}</p>}
          </li>
        );
      })}
    </ul>
  );
}
