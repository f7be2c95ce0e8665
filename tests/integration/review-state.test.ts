import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import { getDb, transaction } from "@/lib/db/client";
import { deleteIdentityData } from "@/lib/db/progress-queries";
import { listAttempts } from "@/lib/progress/stored-records";
import { identities, reviewStateBackfill, reviewStates, sessions, turns } from "@/lib/db/schema";
import type { Verdict } from "@/lib/grading/assessment";
import { keyPointsMissedMost, scoreSeriesByTrack } from "@/lib/progress/history";
import { progressOverview } from "@/lib/progress/overview";
import { backfillReviewStates, listReviewStates, storeAssessment } from "@/lib/progress/review-state";
import { reviewQueueAt } from "@/lib/progress/review-plan";
import { scheduleFromAttempts, type ReviewState } from "@/lib/progress/scheduling";
import { practiceStreak } from "@/lib/progress/streak";
import { useTestDatabase } from "../support/database";
import { sessionRows, type SeedAnswer } from "../support/progress-seed";
import { seededRandom } from "../support/random";

/**
 * review_state is a cache of the replay in lib/progress/scheduling.ts: after any sequence of stored
 * answers (in order, out of order, at equal times, with follow-ups recovering points) it must hold
 * exactly the states the replay computes, and the page data built on it must equal the page data
 * built by replaying every answer.
 */

const DAY = 86_400_000;
const VERDICTS: Verdict[] = ["covered", "partial", "missed", "contradicted"];
const bank = getBank();

/**
 * A session stored the way the interview stores it: the turns first, then each assessment through
 * storeAssessment, as the interview's runner does (main answer, then its follow-up with the points it recovered).
 */
async function storeSession(identityId: string, answers: SeedAnswer[]): Promise<void> {
  const db = await getDb();
  const sessionId = randomUUID();
  const startedAt = answers[0]!.answeredAt;
  await db.insert(identities).values({ id: identityId }).onConflictDoNothing();
  await db
    .insert(sessions)
    .values({ id: sessionId, identityId, track: "all", mode: "practice", questionCount: answers.length, state: "ended", createdAt: startedAt });
  const { turnRows, assessmentRows } = sessionRows(sessionId, answers);
  await db.insert(turns).values(turnRows);
  for (const row of assessmentRows)
    expect(
      await transaction((tx) =>
        storeAssessment(tx, { turnId: row.turnId, assessment: row.assessment, grader: "local", score: row.assessment.score, recovered: row.recovered }),
      ),
    ).toBe(true);
}

/** A random history: mostly in time order, some answers older than the last one, some at equal times. */
async function storeRandomHistory(identityId: string, seed: number, answerCount: number): Promise<Date> {
  const rand = seededRandom(seed);
  let clock = Date.UTC(2026, 0, 5, 9);
  let stored = 0;
  while (stored < answerCount) {
    const batch: SeedAnswer[] = [];
    const size = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < size && stored < answerCount; i++, stored++) {
      const roll = rand();
      // 10% go back in time (a skewed clock), 10% repeat the last time exactly, the rest move on 0–20 days.
      const at = roll < 0.1 ? clock - Math.floor(rand() * 30) * DAY : roll < 0.2 ? clock : clock + Math.floor(rand() * 20 * DAY);
      clock = Math.max(clock, at);
      // A few questions only, so points are judged many times.
      const q = bank[Math.floor(rand() * 4)]!;
      const verdicts = q.keyPoints.slice(0, 4).map(() => VERDICTS[Math.floor(rand() * VERDICTS.length)]!);
      const missedIndexes = verdicts.flatMap((v, n) => (v === "missed" || v === "contradicted" ? [n] : []));
      const recovered = rand() < 0.35 ? missedIndexes.filter(() => rand() < 0.6) : [];
      batch.push({ questionId: q.id, answer: `answer ${stored}`, score: Math.floor(rand() * 11), verdicts, answeredAt: new Date(at), recovered });
    }
    await storeSession(identityId, batch);
  }
  return new Date(clock);
}

const byKey = (states: Iterable<ReviewState>) => [...states].sort((a, b) => `${a.questionId}#${a.keyPointId}`.localeCompare(`${b.questionId}#${b.keyPointId}`));

async function replayedStates(identityId: string): Promise<ReviewState[]> {
  return byKey(scheduleFromAttempts(await listAttempts(identityId)).values());
}

function suite(backend: "pglite" | "postgres") {
  useTestDatabase(backend);

  it.each([1, 2, 3])("the stored schedule equals the replayed one after a random history (seed %i)", async (seed) => {
    const me = randomUUID();
    const last = await storeRandomHistory(me, seed, 40);
    const stored = byKey(await listReviewStates(me));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(await replayedStates(me));

    // The page data equals what replaying every answer gives, on the day after the last answer and later.
    const attempts = await listAttempts(me);
    for (const now of [new Date(last.getTime() + DAY), new Date(last.getTime() + 60 * DAY)]) {
      for (const track of [undefined, "django" as const, "flask" as const]) {
        const scoped = track ? attempts.filter((a) => a.track === track) : attempts;
        const page = await progressOverview(me, now, track, 0);
        expect({ answerCount: page.answerCount, series: page.series, missedMost: page.missedMost, reviews: page.reviews, streak: page.streak }).toEqual({
          answerCount: scoped.length,
          series: scoreSeriesByTrack(scoped),
          missedMost: keyPointsMissedMost(scoped),
          reviews: reviewQueueAt(scoped, now),
          streak: practiceStreak(
            attempts.map((a) => a.answeredAt),
            now,
          ),
        });
      }
    }
  });

  it("keeps each identity's schedule to itself, and delete-my-data removes it", async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    await storeRandomHistory(alice, 7, 10);
    await storeRandomHistory(bob, 8, 10);
    const bobBefore = byKey(await listReviewStates(bob));
    expect(byKey(await listReviewStates(alice))).toEqual(await replayedStates(alice));
    expect(bobBefore).toEqual(await replayedStates(bob));

    await deleteIdentityData(alice);
    const db = await getDb();
    expect(await db.select().from(reviewStates).where(eq(reviewStates.identityId, alice))).toEqual([]);
    expect(byKey(await listReviewStates(bob))).toEqual(bobBefore);
  });

  it("an identity marked for backfill is rebuilt from its answers once, and answers stored meanwhile are included", async () => {
    const me = randomUUID();
    await storeRandomHistory(me, 11, 12);
    const db = await getDb();
    // As a database from before review_state looks after migrating: answers, no state, marked.
    await db.delete(reviewStates).where(eq(reviewStates.identityId, me));
    await db.insert(reviewStateBackfill).values({ identityId: me });
    await storeRandomHistory(me, 12, 5);
    expect(await listReviewStates(me)).toEqual([]);

    expect(await backfillReviewStates()).toBeGreaterThanOrEqual(1);
    expect(byKey(await listReviewStates(me))).toEqual(await replayedStates(me));
    expect(await db.select().from(reviewStateBackfill).where(eq(reviewStateBackfill.identityId, me))).toEqual([]);
  });
}

describe("review state on PGlite", () => suite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("review state on PostgreSQL", () => suite("postgres"));
