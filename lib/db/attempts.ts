import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { findQuestion } from "@/lib/bank/load";
import { trackSchema, type Track } from "@/lib/bank/schema";
import type { GraderInfo, KeyPointVerdict } from "@/lib/grading/assessment";
import type { IndexedAttempt } from "@/lib/progress/review-cards";
import type { Db } from "./client";
import { assessments, sessions, turns } from "./schema";

/** The track of a bank question: from the bank, or from its id ("django/…") when it has left the bank. */
export function trackOf(questionId: string): Track | null {
  const q = findQuestion(questionId);
  if (q) return q.track;
  const parsed = trackSchema.safeParse(questionId.split("/")[0]);
  return parsed.success ? parsed.data : null;
}

/**
 * What the schedule needs from a graded turn (from turns joined with assessments): its place in the
 * session and the verdicts, not the answer or the feedback text.
 */
export const gradedTurnColumns = {
  sessionId: turns.sessionId,
  kind: turns.kind,
  questionId: turns.questionId,
  questionIndex: turns.questionIndex,
  answeredAt: turns.answeredAt,
  score: assessments.score,
  keyPoints: sql<Pick<KeyPointVerdict, "id" | "text" | "verdict">[]>`${assessments.assessment}->'keyPoints'`,
  recovered: assessments.recovered,
};

/**
 * The attempts (verdicts only) of the identity, in session order, with the points follow-ups
 * recovered marked. Reads only the assessment fields it needs, not answers or improved answers.
 * Takes the database or a transaction, so the review state can be rebuilt inside one.
 */
export async function readAttempts(db: Db, identityId: string): Promise<IndexedAttempt[]> {
  const rows = await db
    .select({ ...gradedTurnColumns, grader: sql<GraderInfo>`${assessments.assessment}->'grader'` })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(and(eq(sessions.identityId, identityId), isNotNull(turns.questionId), inArray(turns.kind, ["main", "followUp"])))
    .orderBy(asc(sessions.createdAt), asc(turns.sessionId), asc(turns.seq));

  const attempts: IndexedAttempt[] = [];
  const byQuestion = new Map<string, IndexedAttempt>();
  for (const r of rows) {
    const key = `${r.sessionId}#${r.questionIndex}`;
    if (r.kind === "main") {
      const track = trackOf(r.questionId!);
      if (!track) continue;
      const attempt: IndexedAttempt = {
        identityId,
        sessionId: r.sessionId,
        questionId: r.questionId!,
        track,
        answeredAt: r.answeredAt ?? new Date(0),
        score: r.score,
        grader: r.grader,
        keyPoints: r.keyPoints.map((kp) => ({ id: kp.id, text: kp.text, verdict: kp.verdict })),
        questionIndex: r.questionIndex,
      };
      byQuestion.set(key, attempt);
      attempts.push(attempt);
      continue;
    }
    const main = byQuestion.get(key);
    if (!main) continue;
    const recovered = new Set(r.recovered);
    for (const kp of main.keyPoints) if (recovered.has(kp.id)) kp.recoveredAfterFollowUp = true;
  }
  return attempts;
}
