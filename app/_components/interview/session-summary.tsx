import Link from "next/link";
import type { RehearseDataParts } from "@/lib/interview/protocol";
import { bandOf } from "@/lib/grading/assessment";
import { PractiseButton } from "../practise-button";
import { ScoreBadge } from "../score-badge";
import { card, focusRing } from "../styles";

/** The end of a session: how each question went, the average, and what to practise next. */
export function SessionSummary({ summary }: { summary: RehearseDataParts["summary"] }) {
  return (
    <section data-testid="summary" aria-labelledby="summary-heading" className={`${card} space-y-5`}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="summary-heading" className="text-lg font-semibold">
          Session summary
        </h2>
        <p className="text-sm">
          Average{" "}
          <span data-testid="average" className="text-lg font-semibold">
            {summary.average === null ? "—" : summary.average.toFixed(1)}
          </span>
          <span className="text-zinc-600 dark:text-zinc-400"> / 10</span>
        </p>
      </header>

      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Score per question</caption>
          <thead>
            <tr className="border-b border-zinc-200 text-left dark:border-zinc-800">
              <th scope="col" className="py-2 pr-2 font-medium">
                Question
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                Score
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.questions.map((q) => (
              // A session asks each bank question once (follow-ups are not rows), so its id is the row's key.
              <tr key={q.questionId} data-testid="summary-row" className="border-b border-zinc-100 last:border-0 dark:border-zinc-800/60">
                <td className="py-2 pr-2">
                  <Link href={`/questions/${q.questionId}`} className={`underline-offset-2 hover:underline ${focusRing}`}>
                    {q.title}
                  </Link>
                </td>
                <td className="py-2 text-right whitespace-nowrap">
                  {q.overTime && <span className="mr-2 text-xs text-zinc-600 dark:text-zinc-400">over time</span>}
                  {q.skipped || q.score === null ? (
                    <span className="text-zinc-600 dark:text-zinc-400">Skipped</span>
                  ) : (
                    <ScoreBadge score={q.score} band={bandOf(q.score)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {summary.missedMost.length > 0 && (
        <section>
          <h3 className="text-sm font-semibold">Key points you missed most</h3>
          <ul data-testid="missed-most" className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {summary.missedMost.map((m) => (
              <li key={`${m.questionId}-${m.text}`}>
                {m.text} {m.count > 1 && <span className="text-zinc-600 dark:text-zinc-400">(×{m.count})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {summary.suggested.length > 0 && (
        <section>
          <h3 className="text-sm font-semibold">Practise next</h3>
          <ul data-testid="suggested" className="mt-2 space-y-2">
            {summary.suggested.map((s) => (
              <li key={s.questionId} className="flex flex-wrap items-center justify-between gap-2 text-sm">
                <span>{s.title}</span>
                <PractiseButton questionId={s.questionId} label="Practise" variant="secondary" />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
