import type { DueKeyPoint } from "./scheduling";

/** One question to ask again, with the due key points it tests. */
export interface ReviewItem {
  questionId: string;
  title: string;
  /** The due points this question tests, most overdue first. */
  keyPoints: DueKeyPoint[];
  /** When its most overdue point fell due. */
  due: Date;
}

/**
 * Due key points → the questions that test them, one entry per question, most overdue first.
 * `titleOf` returns undefined for questions no longer in the bank; their points are dropped, since
 * there is nothing left to ask.
 */
export function buildReviewQueue(due: readonly DueKeyPoint[], titleOf: (questionId: string) => string | undefined, limit = Infinity): ReviewItem[] {
  const byQuestion = new Map<string, ReviewItem>();
  const ordered = [...due].sort((a, b) => a.due.getTime() - b.due.getTime());
  for (const point of ordered) {
    const existing = byQuestion.get(point.questionId);
    if (existing) {
      existing.keyPoints.push(point);
      continue;
    }
    const title = titleOf(point.questionId);
    if (title === undefined) continue;
    byQuestion.set(point.questionId, { questionId: point.questionId, title, keyPoints: [point], due: point.due });
  }
  // Map keeps insertion order, and questions were inserted by their most overdue point.
  return [...byQuestion.values()].slice(0, limit);
}
