import { and, eq, inArray } from "drizzle-orm";
import { trackSchema } from "@/lib/bank/schema";
import { appendsInOrder, cardsFromAttempts, judgeCard, recoverCard, type IndexedAttempt, type ReviewCard } from "@/lib/progress/review-cards";
import { reviewStateSchema } from "@/lib/progress/scheduling";
import { gradedTurnColumns, readAttempts, trackOf } from "./attempts";
import type { Db } from "./client";
import { assessments, reviewStateBackfill, reviewStates, sessions, turns, type ReviewStateRow } from "./schema";

/**
 * Keeps review_state equal to the replay of the identity's stored answers (lib/progress/review-cards.ts).
 * Each function takes the database or a transaction: the update runs in the transaction that stores
 * the assessment, so an answer and its effect on the schedule are stored together or not at all.
 */

type NewReviewStateRow = typeof reviewStates.$inferInsert;

function toRow(identityId: string, card: ReviewCard): NewReviewStateRow {
  const { state } = card;
  return {
    identityId,
    questionId: state.questionId,
    keyPointId: state.keyPointId,
    track: card.track,
    text: state.text,
    lastVerdict: state.lastVerdict,
    due: state.due,
    lastReview: state.lastReview,
    stability: state.stability,
    difficulty: state.difficulty,
    scheduledDays: state.scheduledDays,
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    prior: card.prior,
    lastSessionId: card.lastAnswer.sessionId,
    lastQuestionIndex: card.lastAnswer.questionIndex,
    judged: card.judged,
    missed: card.missed,
    lastMissedAt: card.lastMissedAt,
    missedText: card.missedText,
  };
}

export function reviewStateOf(row: ReviewStateRow) {
  return reviewStateSchema.parse({
    questionId: row.questionId,
    keyPointId: row.keyPointId,
    text: row.text,
    lastVerdict: row.lastVerdict,
    due: row.due,
    lastReview: row.lastReview,
    stability: row.stability,
    difficulty: row.difficulty,
    scheduledDays: row.scheduledDays,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
  });
}

function cardOf(row: ReviewStateRow): ReviewCard {
  return {
    track: trackSchema.parse(row.track),
    state: reviewStateOf(row),
    // Stored as JSON: dates come back as strings.
    prior: row.prior ? reviewStateSchema.parse(row.prior) : null,
    lastAnswer: { sessionId: row.lastSessionId, questionIndex: row.lastQuestionIndex },
    judged: row.judged,
    missed: row.missed,
    lastMissedAt: row.lastMissedAt,
    missedText: row.missedText,
  };
}

/** Replaces the cards of these points (all of one identity and question). */
async function writeCards(db: Db, identityId: string, questionId: string, cards: readonly ReviewCard[]): Promise<void> {
  if (cards.length === 0) return;
  const ids = cards.map((c) => c.state.keyPointId);
  await db
    .delete(reviewStates)
    .where(and(eq(reviewStates.identityId, identityId), eq(reviewStates.questionId, questionId), inArray(reviewStates.keyPointId, ids)));
  await db.insert(reviewStates).values(cards.map((c) => toRow(identityId, c)));
}

async function readCards(db: Db, identityId: string, questionId: string, keyPointIds: readonly string[]): Promise<Map<string, ReviewCard>> {
  if (keyPointIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(reviewStates)
    .where(and(eq(reviewStates.identityId, identityId), eq(reviewStates.questionId, questionId), inArray(reviewStates.keyPointId, [...keyPointIds])));
  return new Map(rows.map((r) => [r.keyPointId, cardOf(r)]));
}

/** The identity's review state from scratch: every stored answer replayed. */
export async function rebuildReviewState(db: Db, identityId: string): Promise<void> {
  const cards = cardsFromAttempts(await readAttempts(db, identityId));
  await db.delete(reviewStates).where(eq(reviewStates.identityId, identityId));
  const rows = [...cards.values()].map((c) => toRow(identityId, c));
  for (let i = 0; i < rows.length; i += 500) await db.insert(reviewStates).values(rows.slice(i, i + 500));
}

/** A graded turn with what the schedule needs from it. */
async function gradedTurn(db: Db, where: ReturnType<typeof and>) {
  const [row] = await db
    .select({ identityId: sessions.identityId, ...gradedTurnColumns })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(where)
    .limit(1);
  return row;
}

/**
 * Applies a just-stored assessment to the identity's review state: a main answer reviews each of its
 * points; a follow-up that recovered points re-rates the main answer's review of them. Whatever the
 * incremental update cannot do exactly (an answer older than the card's last review, a recovery of a
 * review that is no longer the last) replays the identity's history instead.
 */
export async function applyAssessmentToReviewState(db: Db, turnId: string): Promise<void> {
  const turn = await gradedTurn(db, eq(turns.id, turnId));
  if (!turn?.questionId || turn.kind === "ask") return;
  // Not yet rebuilt since review_state was added: the rebuild on start will include this answer.
  const [pending] = await db.select({ id: reviewStateBackfill.identityId }).from(reviewStateBackfill).where(eq(reviewStateBackfill.identityId, turn.identityId));
  if (pending) return;

  const main =
    turn.kind === "main"
      ? turn
      : turn.recovered.length > 0
        ? await gradedTurn(db, and(eq(turns.sessionId, turn.sessionId), eq(turns.questionIndex, turn.questionIndex), eq(turns.kind, "main")))
        : undefined;
  if (!main?.questionId) return;
  const track = trackOf(main.questionId);
  if (!track) return;
  const attempt: IndexedAttempt = {
    identityId: main.identityId,
    sessionId: main.sessionId,
    questionId: main.questionId,
    questionIndex: main.questionIndex,
    track,
    answeredAt: main.answeredAt ?? new Date(0),
    score: main.score,
    grader: { kind: "local" }, // not used by the schedule
    keyPoints: main.keyPoints.map((kp) => ({ id: kp.id, text: kp.text, verdict: kp.verdict })),
  };

  const recovered = turn.kind === "main" ? null : new Set(turn.recovered);
  const points = recovered ? attempt.keyPoints.filter((p) => recovered.has(p.id)) : attempt.keyPoints;
  const cards = await readCards(db, attempt.identityId, attempt.questionId, points.map((p) => p.id));
  const next: ReviewCard[] = [];
  for (const point of points) {
    const card = cards.get(point.id);
    if (recovered) {
      const sameAnswer = card && card.lastAnswer.sessionId === attempt.sessionId && card.lastAnswer.questionIndex === attempt.questionIndex;
      if (!sameAnswer) return rebuildReviewState(db, attempt.identityId);
      next.push(recoverCard(card, attempt, point));
    } else {
      if (!appendsInOrder(card, attempt)) return rebuildReviewState(db, attempt.identityId);
      next.push(judgeCard(card, attempt, point));
    }
  }
  await writeCards(db, attempt.identityId, attempt.questionId, next);
}

/**
 * Rebuilds the review state of every identity the review_state migration marked, one identity per
 * transaction, so a start interrupted half-way carries on where it stopped. Runs on start, before
 * any request is served.
 */
export async function backfillReviewStates(db: Db): Promise<number> {
  const pending = await db.select({ id: reviewStateBackfill.identityId }).from(reviewStateBackfill);
  for (const { id } of pending) {
    await db.transaction(async (tx) => {
      await rebuildReviewState(tx as unknown as Db, id);
      await tx.delete(reviewStateBackfill).where(eq(reviewStateBackfill.identityId, id));
    });
  }
  return pending.length;
}
