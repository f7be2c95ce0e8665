import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "./client";
import type { StoredGraderInfo, StoredKeyPointVerdict } from "./json-types";
import { assessments, sessions, turns } from "./schema";

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
  keyPoints: sql<Pick<StoredKeyPointVerdict, "id" | "text" | "verdict">[]>`${assessments.assessment}->'keyPoints'`,
  recovered: assessments.recovered,
};

/**
 * The graded main and follow-up turns (verdicts only) of the identity, in session order. Reads only
 * the assessment fields the schedule needs, not answers or improved answers. Takes the database or
 * a transaction, so the review state can be rebuilt inside one.
 */
export async function readGradedTurnVerdicts(db: Db, identityId: string) {
  return db
    .select({ ...gradedTurnColumns, grader: sql<StoredGraderInfo>`${assessments.assessment}->'grader'` })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(and(eq(sessions.identityId, identityId), isNotNull(turns.questionId), inArray(turns.kind, ["main", "followUp"])))
    .orderBy(asc(sessions.createdAt), asc(turns.sessionId), asc(turns.seq));
}
export type GradedTurnVerdicts = Awaited<ReturnType<typeof readGradedTurnVerdicts>>[number];
