import { findQuestion } from "@/lib/bank/load";
import type { Track } from "@/lib/bank/schema";
import { listDueReviewRows } from "@/lib/db/progress-queries";
// The stored plan shape; lib/interview/protocol.ts checks its PlannedQuestion is the same.
import type { StoredPlannedQuestion as PlannedQuestion } from "@/lib/db/json-types";
import { endOfUtcDay } from "./days";
import { reviewStateOf } from "./review-state";
import type { Attempt } from "./records";
import { buildReviewQueue, type ReviewItem } from "./review-queue";
import { reviewQuestionFor } from "./reword";
import { dueKeyPoints, scheduleFromAttempts, type ReviewState } from "./scheduling";

/**
 * "Review now" plans a session from the key points that are due: one question per bank question
 * with due points, most overdue first, each aimed at its due points.
 */

/** A review session asks at most this many questions; what is left stays due for the next one. */
export const REVIEW_SESSION_MAX = 5;

/**
 * The questions to review at `now`: those with key points due by the end of today (UTC), the same
 * day boundary /progress uses, so "Review now" asks what the page lists. Optionally one track.
 */
export function reviewQueueAt(attempts: readonly Attempt[], now: Date, track?: Track): ReviewItem[] {
  const scoped = track ? attempts.filter((a) => a.track === track) : attempts;
  return reviewQueueFromStates(scheduleFromAttempts(scoped).values(), now);
}

/** The same queue from review states already computed (the stored ones: lib/db/review-state.ts). */
export function reviewQueueFromStates(states: Iterable<ReviewState>, now: Date): ReviewItem[] {
  return buildReviewQueue(dueKeyPoints(states, endOfUtcDay(now)), (id) => findQuestion(id)?.title);
}

/** The identity's review queue at `now`, from its stored review state (optionally one track). */
export async function storedReviewQueue(identityId: string, now: Date, track?: Track): Promise<ReviewItem[]> {
  return reviewQueueFromStates((await listDueReviewRows(identityId, endOfUtcDay(now), track)).map(reviewStateOf), now);
}

/** The review queue as a session plan: the first `limit` questions, each with its due points' ids. */
export function planFromQueue(queue: readonly ReviewItem[], limit = REVIEW_SESSION_MAX): PlannedQuestion[] {
  return queue.slice(0, limit).map((item) => ({ questionId: item.questionId, targetPointIds: item.keyPoints.map((kp) => kp.keyPointId) }));
}

/**
 * Puts each planned question in words aimed at its most overdue point (lib/progress/reword.ts).
 * A reworded question is kept only when it passed the check; otherwise the bank question is asked
 * (no `prompt`). Grading is always against the bank question's reference, by its id.
 */
export async function withReviewPrompts(plan: readonly PlannedQuestion[], queue: readonly ReviewItem[]): Promise<PlannedQuestion[]> {
  return Promise.all(
    plan.map(async (planned) => {
      const question = findQuestion(planned.questionId);
      const point = queue.find((item) => item.questionId === planned.questionId)?.keyPoints[0];
      if (!question || !point) return planned;
      const asked = await reviewQuestionFor(question, point.text);
      if (asked.source === "llm") return { ...planned, prompt: asked.text };
      if (asked.fallbackReason !== "no LLM configured") console.warn(`[rehearse] review question for ${question.id}: bank wording (${asked.fallbackReason})`);
      return planned;
    }),
  );
}

/** The identity's review session plan at `now` (empty when nothing is due). */
export async function planReviewSession(identityId: string, now: Date, track?: Track): Promise<PlannedQuestion[]> {
  const queue = await storedReviewQueue(identityId, now, track);
  const plan = planFromQueue(queue);
  return plan.length === 0 ? plan : withReviewPrompts(plan, queue);
}
