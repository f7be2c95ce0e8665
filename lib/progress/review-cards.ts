import type { Track } from "@/lib/bank/schema";
import type { Attempt, AttemptKeyPoint } from "./records";
import { keyPointKey } from "./records";
import { reviewPoint, type ReviewState } from "./scheduling";

/**
 * What is kept per key point between page loads (the review_state table): the FSRS state the replay
 * in scheduling.ts would compute, plus what it takes to update it one answer at a time and to rank
 * the points missed most without reading every answer again.
 */
export interface ReviewCard {
  track: Track;
  state: ReviewState;
  /** The state before the last review (null when that review was the first). */
  prior: ReviewState | null;
  /** The answer that made the last review: a follow-up recovering the point re-rates exactly that one. */
  lastAnswer: AnswerRef;
  judged: number;
  /** Times judged missed or contradicted. */
  missed: number;
  lastMissedAt: Date | null;
  /** The point's wording when last missed. */
  missedText: string | null;
}

/** A main answer is known by its session and its question's position in it (follow-ups share both). */
export interface AnswerRef {
  sessionId: string;
  questionIndex: number;
}

/** An attempt with the position of its question in its session. */
export type IndexedAttempt = Attempt & { questionIndex: number };

const isMiss = (point: AttemptKeyPoint) => point.verdict === "missed" || point.verdict === "contradicted";

/** The card after one more judgement of its point in `attempt`. */
export function judgeCard(previous: ReviewCard | undefined, attempt: IndexedAttempt, point: AttemptKeyPoint): ReviewCard {
  const prior = previous?.state ?? null;
  const missedNow = isMiss(point) && (!previous?.lastMissedAt || attempt.answeredAt > previous.lastMissedAt);
  return {
    track: attempt.track,
    state: reviewPoint(prior ?? undefined, attempt.questionId, point, attempt.score, attempt.answeredAt),
    prior,
    lastAnswer: { sessionId: attempt.sessionId, questionIndex: attempt.questionIndex },
    judged: (previous?.judged ?? 0) + 1,
    missed: (previous?.missed ?? 0) + (isMiss(point) ? 1 : 0),
    lastMissedAt: missedNow ? attempt.answeredAt : (previous?.lastMissedAt ?? null),
    missedText: missedNow ? point.text : (previous?.missedText ?? null),
  };
}

/**
 * Appending the attempt gives the same card as replaying the whole history only when it is the
 * card's newest judgement. An answer stored out of order (a skewed clock, equal times) needs a replay.
 */
export function appendsInOrder(previous: ReviewCard | undefined, attempt: Attempt): boolean {
  return !previous || attempt.answeredAt > previous.state.lastReview;
}

/**
 * The card once a follow-up recovered its point in the answer that made its last review: that
 * review is rated again from the state before it (scheduling.ts ratingFor: recovered → Hard).
 * The verdict counts do not change; the main answer's verdict stands.
 */
export function recoverCard(card: ReviewCard, attempt: IndexedAttempt, point: AttemptKeyPoint): ReviewCard {
  return {
    ...card,
    state: reviewPoint(card.prior ?? undefined, attempt.questionId, { ...point, recoveredAfterFollowUp: true }, attempt.score, attempt.answeredAt),
  };
}

/** Every key point's card from a history of attempts, replayed oldest first, as scheduleFromAttempts does. */
export function cardsFromAttempts(attempts: readonly IndexedAttempt[]): Map<string, ReviewCard> {
  const ordered = [...attempts].sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime());
  const cards = new Map<string, ReviewCard>();
  for (const attempt of ordered) {
    for (const point of attempt.keyPoints) {
      const key = keyPointKey(attempt.questionId, point.id);
      cards.set(key, judgeCard(cards.get(key), attempt, point));
    }
  }
  return cards;
}
