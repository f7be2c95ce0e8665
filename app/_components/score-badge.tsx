import type { Band } from "@/lib/grading/assessment";

const BAND_STYLES: Record<Band, string> = {
  strong: "bg-emerald-100 text-emerald-900 ring-emerald-600/30 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/40",
  adequate: "bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/40",
  weak: "bg-rose-100 text-rose-900 ring-rose-600/30 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-400/40",
};

const BAND_LABELS: Record<Band, string> = { strong: "Strong", adequate: "Adequate", weak: "Weak" };

/** Score and band together: colour for a glance, text so colour is never the only signal. */
export function ScoreBadge({ score, band }: { score: number; band: Band }) {
  return (
    <span className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm font-semibold ring-1 ${BAND_STYLES[band]}`}>
      {/* "7/10" reads as "7 slash 10"; an aria-label on a plain span is ignored, so the spoken form is text of its own. */}
      <span className="sr-only">Score {score} out of 10</span>
      <span data-testid="score" aria-hidden="true">
        {score}/10
      </span>
      <span aria-hidden="true">·</span>
      <span data-testid="band" data-band={band}>
        {BAND_LABELS[band]}
      </span>
    </span>
  );
}
