import { createEmptyCard, fsrs, Rating, type Card, type Grade, type State } from "ts-fsrs";
import { z } from "zod";
import type { Attempt, AttemptKeyPoint } from "./records";
import { keyPointKey } from "./records";

/**
 * Spaced repetition by key point, not by question: each rubric point a candidate has been judged on
 * is one FSRS card. A question comes back because one of its points is due, and the review asks
 * about that point.
 */

/**
 * Interviews are days apart, not minutes: short-term (re)learning steps would make a missed point
 * "due in 10 minutes", which no one practises. Without them FSRS schedules in whole days.
 * No fuzz, so the same history always gives the same schedule (and tests can say exactly when).
 */
const scheduler = fsrs({ enable_short_term: false, enable_fuzz: false });

/**
 * How well the candidate recalled the point, in FSRS terms:
 * - covered → Good: recalled unprompted. Easy when the whole answer was near complete (score ≥ 9),
 *   since then the point came with no effort among the others, so it can wait longer.
 * - recovered only after a follow-up probed it → Hard: recalled, but needed the prompt.
 * - partial → Hard: the idea was there but incomplete, so it should come back soon, without counting
 *   as forgotten (Again would reset stability the candidate partly has).
 * - missed or contradicted → Again: not recalled, or recalled wrong, which is worse than silence
 *   and must be relearned just the same.
 */
export function ratingFor(point: AttemptKeyPoint, answerScore: number): Grade {
  // The verdict is the main answer's; a point its follow-up recovered was recalled after all, with help.
  if (point.recoveredAfterFollowUp) return Rating.Hard;
  switch (point.verdict) {
    case "covered":
      return answerScore >= 9 ? Rating.Easy : Rating.Good;
    case "partial":
      return Rating.Hard;
    case "missed":
    case "contradicted":
      return Rating.Again;
  }
}

export const reviewStateSchema = z.object({
  questionId: z.string(),
  keyPointId: z.string(),
  /** The point's wording when last judged. */
  text: z.string(),
  lastVerdict: z.enum(["covered", "partial", "missed", "contradicted"]),
  due: z.coerce.date(),
  lastReview: z.coerce.date(),
  stability: z.number(),
  difficulty: z.number(),
  scheduledDays: z.number().int(),
  reps: z.number().int(),
  lapses: z.number().int(),
  /** FSRS state: 0 new, 1 learning, 2 review, 3 relearning. */
  state: z.number().int().min(0).max(3),
});
export type ReviewState = z.infer<typeof reviewStateSchema>;

/** Review states keyed by keyPointKey(questionId, keyPointId). */
export type ReviewStates = Map<string, ReviewState>;

function toCard(s: ReviewState): Card {
  return {
    due: s.due,
    stability: s.stability,
    difficulty: s.difficulty,
    elapsed_days: 0,
    scheduled_days: s.scheduledDays,
    learning_steps: 0,
    reps: s.reps,
    lapses: s.lapses,
    state: s.state as State,
    last_review: s.lastReview,
  };
}

/** The point's state after one more judgement at `at`. A point never seen starts as a new card. */
export function reviewPoint(previous: ReviewState | undefined, questionId: string, point: AttemptKeyPoint, answerScore: number, at: Date): ReviewState {
  const card = previous ? toCard(previous) : createEmptyCard(at);
  // A judgement older than the last one (clock skew, imported history) is applied at the last review time.
  const when = previous && at < previous.lastReview ? previous.lastReview : at;
  const { card: next } = scheduler.next(card, when, ratingFor(point, answerScore));
  return {
    questionId,
    keyPointId: point.id,
    text: point.text,
    lastVerdict: point.verdict,
    due: next.due,
    lastReview: when,
    stability: next.stability,
    difficulty: next.difficulty,
    scheduledDays: next.scheduled_days,
    reps: next.reps,
    lapses: next.lapses,
    state: next.state,
  };
}

/** Applies one attempt's verdicts to the states, in place. */
function applyAttemptInPlace(states: ReviewStates, attempt: Attempt): void {
  for (const point of attempt.keyPoints) {
    const key = keyPointKey(attempt.questionId, point.id);
    states.set(key, reviewPoint(states.get(key), attempt.questionId, point, attempt.score, attempt.answeredAt));
  }
}

/** Applies one attempt's verdicts to the states (returns a new map; the input is not changed). */
export function applyAttempt(states: ReviewStates, attempt: Attempt): ReviewStates {
  const next = new Map(states);
  applyAttemptInPlace(next, attempt);
  return next;
}

/** Every key point's state from a history of attempts, replayed oldest first. */
export function scheduleFromAttempts(attempts: readonly Attempt[], initial: ReviewStates = new Map()): ReviewStates {
  const ordered = [...attempts].sort((a, b) => a.answeredAt.getTime() - b.answeredAt.getTime());
  const states = new Map(initial);
  for (const attempt of ordered) applyAttemptInPlace(states, attempt);
  return states;
}

export interface DueKeyPoint {
  questionId: string;
  keyPointId: string;
  text: string;
  lastVerdict: ReviewState["lastVerdict"];
  due: Date;
  /** How long past due at `now`, in days (0 when due just now). */
  overdueDays: number;
}

const DAY_MS = 86_400_000;

/** The key points due at `now`, most overdue first. */
export function dueKeyPoints(states: Iterable<ReviewState>, now: Date): DueKeyPoint[] {
  const due: DueKeyPoint[] = [];
  for (const s of states) {
    if (s.due.getTime() > now.getTime()) continue;
    due.push({
      questionId: s.questionId,
      keyPointId: s.keyPointId,
      text: s.text,
      lastVerdict: s.lastVerdict,
      due: s.due,
      overdueDays: (now.getTime() - s.due.getTime()) / DAY_MS,
    });
  }
  return due.sort((a, b) => a.due.getTime() - b.due.getTime() || a.questionId.localeCompare(b.questionId) || a.keyPointId.localeCompare(b.keyPointId));
}
