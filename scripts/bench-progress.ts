/**
 * Progress page data time at scale: seeds 10,000 graded answers for one identity (plus answers of
 * other identities as noise) in a fresh PGlite, then times what /progress computes — the stored
 * answers read, FSRS review state replayed per key point, series, missed points, queue and streak.
 *   npx tsx scripts/bench-progress.ts [--answers 10000] [--runs 30]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { getBank } from "@/lib/bank/load";
import type { Verdict } from "@/lib/grading/assessment";
import { closeDb } from "@/lib/db/client";
import { listAttempts } from "@/lib/db/progress-queries";
import { resetEnvForTests } from "@/lib/env";
import { progressOverview } from "@/lib/progress/overview";
import { seedSession, type SeedAnswer } from "../tests/support/progress-seed";

const DAY = 86_400_000;
const VERDICTS: Verdict[] = ["covered", "covered", "partial", "missed", "contradicted"];

export interface ProgressBench {
  answers: number;
  noiseAnswers: number;
  seedMs: number;
  runs: number;
  /** Reading the identity's attempts (verdicts, scores, times) from the database. */
  queryMs: { p50: number; p99: number };
  /** The whole page's data: query plus scheduling, series, queue, streak. */
  overviewMs: { p50: number; p99: number };
  dueReviews: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Deterministic pseudo-random numbers, so every run seeds the same history. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
      batch.push({ questionId: q.id, answer: `answer ${s}-${i} `.repeat(20), score: Math.floor(rand() * 11), verdicts, answeredAt: new Date(start + i * 60_000), recovered: rand() < 0.2 ? [0] : [] });
    }
    await seedSession(identityId, "all", batch);
  }
}

export async function main(args = process.argv.slice(2)): Promise<ProgressBench> {
  const { values } = parseArgs({ args, options: { answers: { type: "string", default: "10000" }, runs: { type: "string", default: "30" } } });
  const answers = Number(values.answers);
  const runs = Number(values.runs);
  const dir = mkdtempSync(path.join(tmpdir(), "rehearse-bench-progress-"));
  process.env.REHEARSE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  resetEnvForTests();
  try {
    const rand = mulberry32(42);
    const now = Date.now();
    const me = randomUUID();
    const seedStart = performance.now();
    await seedIdentity(me, answers, now, rand);
    const noiseAnswers = Math.round(answers / 5);
    for (let i = 0; i < 5; i++) await seedIdentity(randomUUID(), Math.round(noiseAnswers / 5), now, rand);
    const seedMs = performance.now() - seedStart;

    const query: number[] = [];
    const overview: number[] = [];
    let dueReviews = 0;
    await listAttempts(me); // warm-up: first query plans and caches
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      const records = await listAttempts(me);
      query.push(performance.now() - t);
      if (records.length !== answers) throw new Error(`expected ${answers} answers, read ${records.length}`);
      t = performance.now();
      const o = await progressOverview(me, new Date(now));
      overview.push(performance.now() - t);
      dueReviews = o.reviews.length;
    }
    query.sort((a, b) => a - b);
    overview.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      answers,
      noiseAnswers,
      seedMs: Math.round(seedMs),
      runs,
      queryMs: { p50: round(percentile(query, 50)), p99: round(percentile(query, 99)) },
      overviewMs: { p50: round(percentile(overview, 50)), p99: round(percentile(overview, 99)) },
      dueReviews,
    };
  } finally {
    await closeDb();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
