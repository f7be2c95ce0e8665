import { trackSchema } from "@/lib/bank/schema";
import { readAttempts, trackOf } from "./attempts";
import { getDb, transaction, type Db } from "@/lib/db/client";
import {
  claimBackfill,
  listBackfillPending,
  listReviewRows,
  readGradedMainTurn,
  readGradedTurn,
  readReviewRowsAndBackfill,
  replaceAllReviewRows,
  upsertReviewRows,
  type GradedTurnRow,
  type NewReviewStateRow,
} from "@/lib/db/review-state-queries";
import { insertAssessment, type NewAssessment } from "@/lib/db/queries";
import type { ReviewStateRow } from "@/lib/db/schema";
import { appendsInOrder, cardsFromAttempts, judgeCard, recoverCard, type IndexedAttempt, type ReviewCard } from "./review-cards";
import { reviewStateSchema, type ReviewState } from "./scheduling";

/**
 * Keeps review_state equal to the replay of the identity's stored answers (review-cards.ts). Each
 * function takes the database or a transaction: the interview's runner (lib/interview/run-turn.ts)
 * calls applyAssessmentToReviewState in the transaction that stores the assessment, so an answer
 * and its effect on the schedule are stored together or not at all.
 */

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

export function reviewStateOf(row: ReviewStateRow): ReviewState {
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

/** Every stored review state of the identity (tests compare it with the replay). */
export async function listReviewStates(identityId: string): Promise<ReviewState[]> {
  return (await listReviewRows(await getDb(), identityId)).map(reviewStateOf);
}

/** The identity's review state from scratch: every stored answer replayed. */
export async function rebuildReviewState(db: Db, identityId: string): Promise<void> {
  const cards = cardsFromAttempts(await readAttempts(db, identityId));
  await replaceAllReviewRows(
    db,
    identityId,
    [...cards.values()].map((c) => toRow(identityId, c)),
  );
}

/** A graded turn as the schedule reads it, without the backfill flag (read with the review rows). */
export type GradedTurn = Omit<GradedTurnRow, "backfillPending">;

/**
 * Applies a just-stored assessment to the identity's review state: a main answer reviews each of its
 * points; a follow-up that recovered points re-rates the main answer's review of them. Whatever the
 * incremental update cannot do exactly (an answer older than the card's last review, a recovery of a
 * review that is no longer the last) replays the identity's history instead. `graded` is the turn as
 * the caller just stored it (the interview's runner has it in hand); without it, it is read back.
 */
export async function applyAssessmentToReviewState(db: Db, turnId: string, graded?: GradedTurn): Promise<void> {
  const turn = graded ?? (await readGradedTurn(db, turnId));
  if (!turn?.questionId || turn.kind === "ask") return;

  const main = turn.kind === "main" ? turn : turn.recovered.length > 0 ? await readGradedMainTurn(db, turn.sessionId, turn.questionIndex) : undefined;
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
  if (points.length === 0) return;
  const { backfillPending, rows } = await readReviewRowsAndBackfill(
    db,
    attempt.identityId,
    attempt.questionId,
    points.map((p) => p.id),
  );
  // Not yet rebuilt since review_state was added: the rebuild on start will include this answer.
  if (backfillPending) return;
  const cards = new Map(rows.map((r) => [r.keyPointId, cardOf(r)]));
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
  await upsertReviewRows(
    db,
    next.map((c) => toRow(attempt.identityId, c)),
  );
}

/**
 * Stores a turn's assessment and its effect on the review schedule, in the caller's transaction.
 * False when the turn was already graded (a concurrent grading won): the schedule is left alone.
 */
export async function storeAssessment(db: Db, row: NewAssessment, graded?: GradedTurn): Promise<boolean> {
  if (!(await insertAssessment(db, row))) return false;
  await applyAssessmentToReviewState(db, row.turnId, graded);
  return true;
}

/**
 * Rebuilds the review state of every identity the review_state migration marked, one identity per
 * transaction, so a start interrupted half-way carries on where it stopped. A startup step after
 * migrations (lib/startup.ts), before any request is served; app instances starting together each
 * take different identities (claimBackfill).
 */
export async function backfillReviewStates(): Promise<number> {
  let rebuilt = 0;
  for (const id of await listBackfillPending(await getDb())) {
    await transaction(async (tx) => {
      if (!(await claimBackfill(tx, id))) return;
      await rebuildReviewState(tx, id);
      rebuilt++;
    });
  }
  return rebuilt;
}
