import type { Metadata } from "next";
import Link from "next/link";
import { card, focusRing, mutedText, secondaryButton } from "@/app/_components/styles";
import { TRACK_LABELS, TRACKS, trackSchema } from "@/lib/bank/schema";
import { progressNow } from "@/lib/progress/clock";
import { identityFromCookies } from "@/lib/progress/identity-cookie";
import { progressOverview } from "@/lib/progress/overview";
import { AnswerHistory } from "./_components/answer-history";
import { CarryLinkPanel } from "./_components/carry-link-panel";
import { DueReviews } from "./_components/due-reviews";
import { PrintButton } from "./_components/print-button";
import { ScoreChart } from "./_components/score-chart";
import "./print.css";

export const metadata: Metadata = { title: "Your progress — Rehearse" };
export const dynamic = "force-dynamic";

export default async function ProgressPage({ searchParams }: { searchParams: Promise<{ track?: string }> }) {
  const track = trackSchema.safeParse((await searchParams).track).data;
  const identityId = await identityFromCookies();
  const overview = await progressOverview(identityId, progressNow(), track);
  const { streak } = overview;
  const tracks = TRACKS.filter((t) => overview.series[t]);

  return (
    <main id="main" className="progress-report mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Your progress</h1>
          <p className={`mt-1 text-sm ${mutedText}`} data-testid="streak">
            {streak.current > 0 ? `${streak.current}-day streak` : "No current streak"}
            {streak.longest > streak.current ? ` · longest ${streak.longest} days` : ""}
            {streak.current > 0 && !streak.practicedToday ? " · practise today to keep it" : ""}
          </p>
        </div>
        <div className="flex flex-wrap gap-2 print:hidden">
          <a className={secondaryButton} href="/api/export?format=md" data-testid="export-md">
            Export Markdown
          </a>
          <a className={secondaryButton} href="/api/export?format=json" data-testid="export-json">
            Export JSON
          </a>
          <PrintButton />
        </div>
      </div>

      <nav aria-label="Filter by track" className="flex flex-wrap gap-2 text-sm print:hidden">
        {[undefined, ...TRACKS].map((t) => (
          <Link
            key={t ?? "all"}
            href={t ? `/progress?track=${t}` : "/progress"}
            aria-current={t === track ? "page" : undefined}
            className={`rounded-full border px-3 py-1 ${t === track ? "border-indigo-700 bg-indigo-50 font-semibold dark:bg-indigo-950" : "border-zinc-300 dark:border-zinc-700"} ${focusRing}`}
          >
            {t ? TRACK_LABELS[t] : "All tracks"}
          </Link>
        ))}
      </nav>

      <DueReviews reviews={overview.reviews} now={overview.now} track={track} />

      <section aria-labelledby="scores-heading" className={card}>
        <h2 id="scores-heading" className="text-lg font-semibold">
          Scores over time
        </h2>
        {tracks.length === 0 ? (
          <p className={`mt-2 text-sm ${mutedText}`}>Answer a few questions and your scores appear here.</p>
        ) : (
          <div className="mt-3 space-y-6">
            {tracks.map((t) => (
              <ScoreChart key={t} label={TRACK_LABELS[t]} points={overview.series[t]!} />
            ))}
          </div>
        )}
      </section>

      <section aria-labelledby="missed-heading" className={card} data-testid="missed-most">
        <h2 id="missed-heading" className="text-lg font-semibold">
          Key points you miss most
        </h2>
        {overview.missedMost.length === 0 ? (
          <p className={`mt-2 text-sm ${mutedText}`}>None missed yet.</p>
        ) : (
          <ol className="mt-3 list-decimal space-y-2 pl-5 text-sm">
            {overview.missedMost.map((m) => (
              <li key={`${m.questionId}#${m.keyPointId}`}>
                <Link href={`/questions/${m.questionId}`} className={`underline-offset-2 hover:underline ${focusRing}`}>
                  {m.text}
                </Link>{" "}
                <span className={mutedText}>
                  missed {m.missed} of {m.judged} time{m.judged === 1 ? "" : "s"}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <AnswerHistory sessions={overview.history} answerCount={overview.answerCount} />

      {identityId && <CarryLinkPanel />}

      <p className={`text-sm ${mutedText} print:hidden`}>
        What is stored and how to delete it:{" "}
        <Link href="/privacy" className={`underline ${focusRing}`}>
          Privacy
        </Link>
        .
      </p>
    </main>
  );
}
