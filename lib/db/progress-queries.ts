import { and, asc, count, desc, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { TRACKS, trackSchema, type Track } from "@/lib/bank/schema";
import { findQuestion } from "@/lib/bank/load";
import type { Assessment } from "@/lib/grading/assessment";
import type { DailyScore, MissedKeyPoint } from "@/lib/progress/history";
import type { AnswerRecord, Attempt, SessionRecord } from "@/lib/progress/records";
import { readAttempts, trackOf } from "./attempts";
import { getDb } from "./client";
import { assessments, identities, reviewStates, sessions, turns, type ReviewStateRow } from "./schema";

/**
 * The reads and deletes behind /progress, /api/progress, /api/export and /api/identity/delete.
 * Every query starts from sessions.identity_id (indexed with created_at), so one identity's
 * query can never reach another identity's rows.
 */

interface GradedTurn {
  sessionId: string;
  kind: "main" | "followUp" | "ask";
  questionId: string | null;
  questionIndex: number;
  prompt: string;
  answer: string | null;
  answeredAt: Date | null;
  assessment: Assessment;
  recovered: string[];
}

/**
 * One answer per main question: the main turn's assessment, with the points its follow-ups
 * recovered marked as such. Turns must be in session order (seq).
 */
function toAnswers(identityId: string, rows: readonly GradedTurn[]): AnswerRecord[] {
  const answers: AnswerRecord[] = [];
  const byQuestion = new Map<string, AnswerRecord>();
  for (const r of rows) {
    if (!r.questionId || r.kind === "ask") continue;
    const key = `${r.sessionId}#${r.questionIndex}`;
    if (r.kind === "main") {
      const track = trackOf(r.questionId);
      if (!track) continue;
      const record: AnswerRecord = {
        identityId,
        sessionId: r.sessionId,
        questionId: r.questionId,
        track,
        answeredAt: r.answeredAt ?? new Date(0),
        score: r.assessment.score,
        grader: r.assessment.grader,
        keyPoints: r.assessment.keyPoints.map((kp) => ({ id: kp.id, text: kp.text, verdict: kp.verdict })),
        questionTitle: findQuestion(r.questionId)?.title ?? r.prompt,
        answer: r.answer ?? "",
        improvedAnswer: r.assessment.improvedAnswer,
        followUps: [],
      };
      byQuestion.set(key, record);
      answers.push(record);
      continue;
    }
    const main = byQuestion.get(key);
    if (!main) continue;
    main.followUps.push({ question: r.prompt, answer: r.answer ?? "" });
    const recovered = new Set(r.recovered);
    for (const kp of main.keyPoints) if (recovered.has(kp.id)) kp.recoveredAfterFollowUp = true;
  }
  return answers;
}

async function gradedTurns(identityId: string, sessionIds?: readonly string[]): Promise<{ sessionRows: (typeof sessions.$inferSelect)[]; turnRows: GradedTurn[] }> {
  const db = await getDb();
  const ownSessions = sessionIds ? and(eq(sessions.identityId, identityId), inArray(sessions.id, [...sessionIds])) : eq(sessions.identityId, identityId);
  const sessionRows = await db.select().from(sessions).where(ownSessions).orderBy(asc(sessions.createdAt));
  if (sessionRows.length === 0) return { sessionRows, turnRows: [] };
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
  return { sessionRows, turnRows };
}

/** Every graded answer of the identity, oldest session first; optionally one track. */
export async function listAnswerRecords(identityId: string, track?: Track): Promise<AnswerRecord[]> {
  const { turnRows } = await gradedTurns(identityId);
  const answers = toAnswers(identityId, turnRows);
  return track ? answers.filter((a) => a.track === track) : answers;
}

/**
 * The attempts (verdicts only) of the identity, for scheduling, streaks and charts. Reads only the
 * assessment fields it needs, not answers or improved answers, so a long history stays quick to load.
 */
export async function listAttempts(identityId: string): Promise<Attempt[]> {
  const attempts = await readAttempts(await getDb(), identityId);
  return attempts.map(({ questionIndex: _position, ...attempt }) => attempt);
}

/** The identity's review-state rows due by `until` (optionally one track's); lib/progress reads them as states. */
export async function listDueReviewRows(identityId: string, until: Date, track?: Track): Promise<ReviewStateRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(reviewStates)
    .where(and(eq(reviewStates.identityId, identityId), lte(reviewStates.due, until), track ? eq(reviewStates.track, track) : undefined));
}

/** The key points missed most (optionally in one track), ranked as keyPointsMissedMost ranks them. */
export async function listMissedKeyPoints(identityId: string, track?: Track, limit = 10): Promise<MissedKeyPoint[]> {
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
    .orderBy(desc(reviewStates.missed), desc(reviewStates.lastMissedAt), sql`${reviewStates.questionId} COLLATE "C"`, sql`${reviewStates.keyPointId} COLLATE "C"`)
    .limit(limit);
  return rows.map((r) => ({ ...r, text: r.text ?? "", lastMissedAt: r.lastMissedAt ?? new Date(0) }));
}

/**
 * Graded answers per track and UTC day, with their score total: what the score chart, the answer
 * count and the streak need, grouped in SQL rather than read answer by answer. The track is the
 * question id's prefix, which is how bank ids are made ("django/…"), as trackOf falls back to.
 */
export async function listDailyScores(identityId: string): Promise<DailyScore[]> {
  const db = await getDb();
  const track = sql<string>`split_part(${turns.questionId}, '/', 1)`;
  const day = sql<string>`to_char(coalesce(${turns.answeredAt}, 'epoch'::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({ track, day, total: sql<number>`sum(${assessments.score})::int`, answers: sql<number>`count(*)::int` })
    .from(turns)
    .innerJoin(sessions, eq(sessions.id, turns.sessionId))
    .innerJoin(assessments, eq(assessments.turnId, turns.id))
    .where(and(eq(sessions.identityId, identityId), eq(turns.kind, "main"), isNotNull(turns.questionId), inArray(track, [...TRACKS])))
    .groupBy(track, day);
  return rows.map((r) => ({ track: trackSchema.parse(r.track), day: r.day, total: Number(r.total), answers: Number(r.answers) }));
}

/**
 * The identity's sessions with their graded answers, oldest first. With `sessionId`, only that session,
 * and only if it is the identity's: another identity's session id gives an empty list.
 */
export async function listSessionRecords(identityId: string, sessionId?: string): Promise<SessionRecord[]> {
  return sessionRecords(identityId, await gradedTurns(identityId, sessionId ? [sessionId] : undefined));
}

/** The identity's latest `limit` sessions with their graded answers, newest first. */
export async function listRecentSessionRecords(identityId: string, limit: number): Promise<SessionRecord[]> {
  const db = await getDb();
  const latest = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.identityId, identityId)).orderBy(desc(sessions.createdAt)).limit(limit);
  if (latest.length === 0) return [];
  const records = sessionRecords(identityId, await gradedTurns(identityId, latest.map((s) => s.id)));
  return records.reverse();
}

function sessionRecords(identityId: string, { sessionRows, turnRows }: Awaited<ReturnType<typeof gradedTurns>>): SessionRecord[] {
  const answers = toAnswers(identityId, turnRows);
  return sessionRows.map((s) => ({
    sessionId: s.id,
    track: s.track === "all" ? "all" : (trackSchema.safeParse(s.track).data ?? "all"),
    mode: s.mode,
    startedAt: s.createdAt,
    answers: answers.filter((a) => a.sessionId === s.id),
  }));
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
