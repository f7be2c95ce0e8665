import Link from "next/link";
import { ScoreBadge } from "@/app/_components/score-badge";
import { card, focusRing, mutedText } from "@/app/_components/styles";
import { bandOf, type Verdict } from "@/lib/grading/assessment";
import { graderLabel } from "@/lib/progress/reports";
import type { SessionRecord } from "@/lib/progress/records";

const VERDICT: Record<Verdict, { mark: string; label: string; className: string }> = {
  covered: { mark: "✓", label: "covered", className: "text-emerald-700 dark:text-emerald-300" },
  partial: { mark: "~", label: "partial", className: "text-amber-700 dark:text-amber-300" },
  missed: { mark: "✗", label: "missed", className: "text-rose-700 dark:text-rose-300" },
  contradicted: { mark: "✗", label: "contradicted", className: "text-rose-700 dark:text-rose-300" },
};

function when(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Past sessions, newest first, each with its answers: question, answer, verdicts, and which judge graded. */
export function AnswerHistory({ sessions, answerCount }: { sessions: SessionRecord[]; answerCount: number }) {
  const shown = sessions.reduce((n, s) => n + s.answers.length, 0);
  return (
    <section aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading" className="text-lg font-semibold">
        History
      </h2>
      {answerCount > shown && (
        <p className={`text-sm ${mutedText}`}>
          Showing the latest {sessions.length} sessions ({shown} of {answerCount} answers). The Markdown and JSON exports have all of them.
        </p>
      )}
      {sessions.length === 0 && <p className={`mt-2 text-sm ${mutedText}`}>No graded answers yet.</p>}
      <div className="mt-3 space-y-4">
        {sessions.map((s) => (
          <article key={s.sessionId} className={`${card} break-inside-avoid-page`} data-testid="history-session">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium">
                {s.mode === "mock" ? "Mock interview" : "Practice"} of {when(s.startedAt).slice(0, 10)}
              </h3>
              <span className="flex gap-3 text-sm print:hidden">
                <Link className={`underline ${focusRing}`} href={`/interview/${s.sessionId}`}>
                  Open
                </Link>
                <a className={`underline ${focusRing}`} href={`/api/export?format=md&sessionId=${s.sessionId}`} data-testid="export-session">
                  Report (.md)
                </a>
              </span>
            </div>
            <ol className="mt-3 space-y-4">
              {s.answers.map((a) => (
                <li key={`${a.questionId}-${a.answeredAt.getTime()}`} data-testid="history-answer" data-track={a.track} className="break-inside-avoid">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <Link href={`/questions/${a.questionId}`} className={`font-medium underline-offset-2 hover:underline ${focusRing}`}>
                      {a.questionTitle}
                    </Link>
                    <ScoreBadge score={a.score} band={bandOf(a.score)} />
                  </div>
                  <p className={`mt-1 text-xs ${mutedText}`}>
                    {when(a.answeredAt)} · graded by <span data-testid="grader">{graderLabel(a.grader)}</span>
                  </p>
                  <blockquote
                    className="mt-2 border-l-2 border-zinc-300 pl-3 text-sm whitespace-pre-wrap dark:border-zinc-700"
                    data-testid="history-answer-text"
                  >
                    {a.answer || "(no answer)"}
                  </blockquote>
                  <ul className="mt-2 space-y-1 text-sm">
                    {a.keyPoints.map((kp) => (
                      <li key={kp.id} className="flex gap-2">
                        <span className={VERDICT[kp.verdict].className} aria-hidden="true">
                          {VERDICT[kp.verdict].mark}
                        </span>
                        <span>
                          <span className="sr-only">{VERDICT[kp.verdict].label}: </span>
                          {kp.text}
                          {kp.recoveredAfterFollowUp && <span className={mutedText}> (recovered after a follow-up)</span>}
                        </span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </article>
        ))}
      </div>
    </section>
  );
}
