/**
 * Progress page data time at scale: seeds 10,000 graded answers for one identity (plus answers of
 * other identities as noise) in a fresh PGlite, updating the stored review state per answer as the
 * interview does, then times what /progress computes — due points and miss counts from review_state,
 * scores per day grouped in SQL, the latest sessions — next to reading every answer (what the page
 * did before). It checks the page data equals what replaying every answer gives.
 *   npx tsx --conditions=react-server scripts/bench-progress.ts [--answers 10000] [--runs 30]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { getBank } from "@/lib/bank/load";
import type { Verdict } from "@/lib/grading/assessment";
import { closeDb } from "@/lib/db/client";
import { listAttempts, listDailyScores, listMissedKeyPoints, listRecentSessionRecords } from "@/lib/progress/stored-records";
import { keyPointsMissedMost, scoreSeriesByTrack } from "@/lib/progress/history";
import { progressOverview } from "@/lib/progress/overview";
import type { Attempt } from "@/lib/progress/records";
import { reviewQueueAt, storedReviewQueue } from "@/lib/progress/review-plan";
import { practiceStreak } from "@/lib/progress/streak";
import { setEnv } from "../tests/support/env";
import { seedSession, type SeedAnswer } from "../tests/support/progress-seed";
import { runIfMain } from "./run-main";
import { seededRandom } from "../tests/support/random";

const DAY = 86_400_000;
const VERDICTS: Verdict[] = ["covered", "covered", "partial", "missed", "contradicted"];

export interface ProgressBench {
  answers: number;
  noiseAnswers: number;
  seedMs: number;
  runs: number;
  /** Reading every attempt (verdicts, scores, times) of the identity: what the page did before review_state. */
  queryMs: { p50: number; p99: number };
  /** Replaying every attempt through FSRS (the page's old way to the review queue), after the query. */
  replayMs: { p50: number; p99: number };
  /** The whole page's data as the page reads it now. */
  overviewMs: { p50: number; p99: number };
  /** Its parts: scores per day (SQL GROUP BY), missed points and due points (review_state), latest 20 sessions. */
  partsMs: Record<"dailyScores" | "missedMost" | "dueReviews" | "history", { p50: number; p99: number }>;
  dueReviews: number;
}

/** What the page showed when it replayed every answer (the pure functions over all attempts). */
function replayedOverview(attempts: Attempt[], now: Date) {
  return {
    answerCount: attempts.length,
    series: scoreSeriesByTrack(attempts),
    missedMost: keyPointsMissedMost(attempts),
    reviews: reviewQueueAt(attempts, now),
    streak: practiceStreak(
      attempts.map((a) => a.answeredAt),
      now,
    ),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function seedIdentity(identityId: string, answers: number, now: number, rand: () => number): Promise<void> {
  const bank = getBank();
  const perSession = 10;
  for (let s = 0; s * perSession < answers; s++) {
    // Sessions spread over the last year, oldest first.
    const start = now - 365 * DAY + (s * perSession * 365 * DAY) / answers;
    const batch: SeedAnswer[] = [];
    for (let i = 0; i < perSession && s * perSession + i < answers; i++) {
      const q = bank[Math.floor(rand() * bank.length)]!;
      const verdicts = q.keyPoints.slice(0, 6).map(() => VERDICTS[Math.floor(rand() * VERDICTS.length)]!);
      batch.push({
        questionId: q.id,
        answer: `answer ${s}-${i} `.repeat(20),
        score: Math.floor(rand() * 11),
        verdicts,
        answeredAt: new Date(start + i * 60_000),
        recovered: rand() < 0.2 ? [0] : [],
      });
    }
    await seedSession(identityId, "all", batch);
  }
}

export async function main(args = process.argv.slice(2)): Promise<ProgressBench> {
  const { values } = parseArgs({ args, options: { answers: { type: "string", default: "10000" }, runs: { type: "string", default: "30" } } });
  const answers = Number(values.answers);
  const runs = Number(values.runs);
  const dir = mkdtempSync(path.join(tmpdir(), "rehearse-bench-progress-"));
  // Put back at the end: `npm run bench` starts servers afterwards, which copy the build's artefacts
  // from REHEARSE_DATA_DIR (left pointing at this deleted directory, they trained everything at
  // start: a 7.2 s "cold start" and ~830 MiB idle in that run, 2026-12-07).
  const restoreEnv = setEnv({ REHEARSE_DATA_DIR: dir, DATABASE_URL: undefined });
  try {
    const rand = seededRandom(42);
    const now = Date.now();
    const me = randomUUID();
    const seedStart = performance.now();
    await seedIdentity(me, answers, now, rand);
    const noiseAnswers = Math.round(answers / 5);
    for (let i = 0; i < 5; i++) await seedIdentity(randomUUID(), Math.round(noiseAnswers / 5), now, rand);
    const seedMs = performance.now() - seedStart;

    const query: number[] = [];
    const replay: number[] = [];
    const overview: number[] = [];
    const parts = { dailyScores: [] as number[], missedMost: [] as number[], dueReviews: [] as number[], history: [] as number[] };
    const timed = async <T>(into: number[], work: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      const result = await work();
      into.push(performance.now() - t);
      return result;
    };
    let dueReviews = 0;
    const at = new Date(now);
    // Warm-up (first queries plan and cache), and the check that the stored state gives the replay's answer.
    const expected = replayedOverview(await listAttempts(me), at);
    const got = await progressOverview(me, at);
    const actual = { answerCount: got.answerCount, series: got.series, missedMost: got.missedMost, reviews: got.reviews, streak: got.streak };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error("the page data differs from replaying every answer");
    for (let r = 0; r < runs; r++) {
      const records = await timed(query, () => listAttempts(me));
      if (records.length !== answers) throw new Error(`expected ${answers} answers, read ${records.length}`);
      await timed(replay, async () => reviewQueueAt(records, at));
      const o = await timed(overview, () => progressOverview(me, at));
      dueReviews = o.reviews.length;
      await timed(parts.dailyScores, () => listDailyScores(me));
      await timed(parts.missedMost, () => listMissedKeyPoints(me));
      await timed(parts.dueReviews, () => storedReviewQueue(me, at));
      await timed(parts.history, () => listRecentSessionRecords(me, 20));
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    const stats = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) };
    };
    return {
      answers,
      noiseAnswers,
      seedMs: Math.round(seedMs),
      runs,
      queryMs: stats(query),
      replayMs: stats(replay),
      overviewMs: stats(overview),
      partsMs: {
        dailyScores: stats(parts.dailyScores),
        missedMost: stats(parts.missedMost),
        dueReviews: stats(parts.dueReviews),
        history: stats(parts.history),
      },
      dueReviews,
    };
  } finally {
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
    restoreEnv();
  }
}

runIfMain(import.meta.url, async () => console.log(JSON.stringify(await main(), null, 2)));
