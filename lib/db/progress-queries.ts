import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { getDb } from "./client";
import type { StoredAssessment } from "./json-types";
import { assessments, identities, reviewStates, sessions, turns, type ReviewStateRow } from "./schema";

/**
 * The reads and deletes behind /progress, /api/progress, /api/export and /api/identity/delete, as
 * rows; lib/progress/stored-records.ts shapes them into progress records. Every query starts from
 * sessions.identity_id (indexed with created_at), so one identity's query can never reach another
 * identity's rows.
 */

/** A graded turn as read for reports. */
export interface GradedTurnRow {
  sessionId: string;
  kind: "main" | "followUp" | "ask";
  questionId: string | null;
  questionIndex: number;
  prompt: string;
  answer: string | null;
  answeredAt: Date | null;
  assessment: StoredAssessment;
  recovered: string[];
}

/** The identity's sessions (optionally only some of them), oldest first, with their graded turns in session order. */
export async function readGradedTurns(identityId: string, sessionIds?: readonly string[]) {
  const db = await getDb();
  const ownSessions = sessionIds ? and(eq(sessions.identityId, identityId), inArray(sessions.id, [...sessionIds])) : eq(sessions.identityId, identityId);
  const sessionRows = await db.select().from(sessions).where(ownSessions).orderBy(asc(sessions.createdAt));
  if (sessionRows.length === 0) return { sessionRows, turnRows: [] as GradedTurnRow[] };
  const turnRows = await db
    .select({
      sessionId: turns.sessionId,
      kind: turns.kind,
      questionId: turns.questionId,
      questionIndex: turns.questionIndex,
      prompt: turns.prompt,
      answer: turns.answer,
      answeredAt: turns.answeredAt,
      assessment: assessments.assessment,
      recovered: assessments.recovered,
    })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(and(ownSessions, isNotNull(turns.questionId)))
    .orderBy(asc(sessions.createdAt), asc(turns.sessionId), asc(turns.seq));
  return { sessionRows, turnRows: turnRows as GradedTurnRow[] };
}

/** The identity's review-state rows due by `until` (optionally one track's); lib/progress reads them as states. */
export async function listDueReviewRows(identityId: string, until: Date, track?: string): Promise<ReviewStateRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(reviewStates)
    .where(and(eq(reviewStates.identityId, identityId), lte(reviewStates.due, until), track ? eq(reviewStates.track, track) : undefined));
}

/** A key point missed, with how often (lib/progress/history.ts's MissedKeyPoint is this row). */
export interface MissedKeyPointRow {
  questionId: string;
  keyPointId: string;
  text: string;
  /** Times judged missed or contradicted. */
  missed: number;
  /** Times judged at all. */
  judged: number;
  lastMissedAt: Date;
}

/** The key points missed most (optionally in one track), ranked as keyPointsMissedMost ranks them. */
export async function listMissedKeyPoints(identityId: string, track?: string, limit = 10): Promise<MissedKeyPointRow[]> {
  const db = await getDb();
  const rows = await db
    .select({
      questionId: reviewStates.questionId,
      keyPointId: reviewStates.keyPointId,
      text: reviewStates.missedText,
      missed: reviewStates.missed,
      judged: reviewStates.judged,
      lastMissedAt: reviewStates.lastMissedAt,
    })
    .from(reviewStates)
    .where(and(eq(reviewStates.identityId, identityId), gt(reviewStates.missed, 0), track ? eq(reviewStates.track, track) : undefined))
    // Byte order (COLLATE "C") for the tie-break, the order keyPointsMissedMost compares ids in.
    .orderBy(
      desc(reviewStates.missed),
      desc(reviewStates.lastMissedAt),
      sql`${reviewStates.questionId} COLLATE "C"`,
      sql`${reviewStates.keyPointId} COLLATE "C"`,
    )
    .limit(limit);
  return rows.map((r) => ({ ...r, text: r.text ?? "", lastMissedAt: r.lastMissedAt ?? new Date(0) }));
}

/**
 * Graded answers per track and UTC day, with their score total: what the score chart, the answer
 * count and the streak need, grouped in SQL rather than read answer by answer. The track is the
 * question id's prefix, which is how bank ids are made ("django/…"), as trackOf (lib/progress/attempts.ts) falls back to.
 */
export async function listDailyScoreRows(
  identityId: string,
  tracks: readonly string[],
): Promise<Array<{ track: string; day: string; total: number; answers: number }>> {
  const db = await getDb();
  const track = sql<string>`split_part(${turns.questionId}, '/', 1)`;
  const day = sql<string>`to_char(coalesce(${turns.answeredAt}, 'epoch'::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ track, day, total: sql<number>`sum(${assessments.score})::int`, answers: sql<number>`count(*)::int` })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(and(eq(sessions.identityId, identityId), eq(turns.kind, "main"), isNotNull(turns.questionId), inArray(track, [...tracks])))
    .groupBy(track, day);
  return rows.map((r) => ({ track: r.track, day: r.day, total: Number(r.total), answers: Number(r.answers) }));
}

/** The ids of the identity's latest `limit` sessions, newest first. */
export async function listRecentSessionIds(identityId: string, limit: number): Promise<string[]> {
  const db = await getDb();
  const latest = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.identityId, identityId)).orderBy(desc(sessions.createdAt)).limit(limit);
  return latest.map((s) => s.id);
}

export interface DeletedData {
  sessions: number;
  answers: number;
}

/**
 * Removes every row of the identity: the identity itself, and by cascade its sessions, turns,
 * assessments, messages and review state. Says how much was removed.
 */
export async function deleteIdentityData(identityId: string): Promise<DeletedData> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [s] = await tx.select({ n: count() }).from(sessions).where(eq(sessions.identityId, identityId));
    const [a] = await tx
      .select({ n: count() })
      .from(turns)
      .innerJoin(sessions, eq(sessions.id, turns.sessionId))
      .where(and(eq(sessions.identityId, identityId), isNotNull(turns.answer)));
    await tx.delete(identities).where(eq(identities.id, identityId));
    return { sessions: s?.n ?? 0, answers: a?.n ?? 0 };
  });
}

/** Rows left for the identity (tests and the privacy page use it to show deletion worked). */
export async function countIdentityRows(identityId: string): Promise<{ identity: number; sessions: number }> {
  const db = await getDb();
  const [i] = await db.select({ n: count() }).from(identities).where(eq(identities.id, identityId));
  const [s] = await db.select({ n: count() }).from(sessions).where(eq(sessions.identityId, identityId));
  return { identity: i?.n ?? 0, sessions: s?.n ?? 0 };
}
