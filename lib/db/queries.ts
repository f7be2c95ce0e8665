import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Assessment } from "@/lib/grading/assessment";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { getDb } from "./client";
import { applyAssessmentToReviewState } from "./review-state";
import { assessments, identities, messages, sessions, turns, type AssessmentRow, type SessionRow, type TurnRow } from "./schema";

/** Every database access Rehearse makes, by name. Nothing outside lib/db builds SQL. */

export type NewSession = typeof sessions.$inferInsert;
export type NewTurn = typeof turns.$inferInsert;
export type SessionState = SessionRow["state"];
export type TurnWithAssessment = TurnRow & { assessment: AssessmentRow | null };

/** Thrown inside a transaction when a guarded update finds the session moved on; rolls it back. */
export class StaleSessionError extends Error {
  constructor() {
    super("The session changed while this request was handled.");
    this.name = "StaleSessionError";
  }
}

export async function ensureIdentity(id: string): Promise<void> {
  const db = await getDb();
  await db.insert(identities).values({ id }).onConflictDoNothing();
}

/** The session if it exists and belongs to this identity; another identity's session is indistinguishable from none. */
export async function getSessionForIdentity(sessionId: string, identityId: string): Promise<SessionRow | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.identityId, identityId)))
    .limit(1);
  return row ?? null;
}

export async function listSessionsForIdentity(identityId: string, limit = 50): Promise<SessionRow[]> {
  const db = await getDb();
  return db.select().from(sessions).where(eq(sessions.identityId, identityId)).orderBy(desc(sessions.createdAt)).limit(limit);
}

/** A new session with its first question and the interviewer's opening message, all or nothing. */
export async function createSession(args: { session: NewSession; firstTurn: NewTurn; opening: RehearseMessage }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(identities).values({ id: args.session.identityId }).onConflictDoNothing();
    await tx.insert(sessions).values(args.session);
    await tx.insert(turns).values(args.firstTurn);
    await tx.insert(messages).values(messageRow(args.session.id!, args.opening));
  });
}

export async function listTurns(sessionId: string): Promise<TurnWithAssessment[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(turns)
    .leftJoin(assessments, eq(assessments.turnId, turns.id))
    .where(eq(turns.sessionId, sessionId))
    .orderBy(asc(turns.seq));
  return rows.map((r) => ({ ...r.turns, assessment: r.assessments }));
}

export async function getTurn(turnId: string): Promise<TurnWithAssessment | null> {
  const db = await getDb();
  const [row] = await db.select().from(turns).leftJoin(assessments, eq(assessments.turnId, turns.id)).where(eq(turns.id, turnId)).limit(1);
  return row ? { ...row.turns, assessment: row.assessments } : null;
}

function messageRow(sessionId: string, message: RehearseMessage) {
  return { sessionId, id: message.id, role: message.role as "user" | "assistant", parts: message.parts, metadata: message.metadata ?? null };
}

/** Stores a UI message; a message id already stored for the session (a retried request) is left as it was. */
export async function saveMessage(sessionId: string, message: RehearseMessage): Promise<void> {
  const db = await getDb();
  await db.insert(messages).values(messageRow(sessionId, message)).onConflictDoNothing();
}

export async function listMessages(sessionId: string): Promise<RehearseMessage[]> {
  const db = await getDb();
  const rows = await db.select().from(messages).where(eq(messages.sessionId, sessionId)).orderBy(asc(messages.seq));
  return rows.map((r) => ({ id: r.id, role: r.role, parts: r.parts, ...(r.metadata ? { metadata: r.metadata } : {}) }) as RehearseMessage);
}

/**
 * The candidate's reply to the turn the session is waiting on, stored with their message before
 * anything else happens (grading included), so neither a grading failure nor a crash loses it.
 * Guarded: returns false when that turn was already answered (a double submit).
 */
export async function recordReply(args: {
  sessionId: string;
  turnId: string;
  answer: string | null;
  intent: string;
  answeredAt: Date;
  overTimeLimit: boolean;
  /** The session's state once the reply is stored ("grading" for answers). */
  state: SessionState;
  userMessage: RehearseMessage;
}): Promise<boolean> {
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      const updated = await tx
        .update(turns)
        .set({ answer: args.answer, intent: args.intent, answeredAt: args.answeredAt, overTimeLimit: args.overTimeLimit })
        .where(and(eq(turns.id, args.turnId), eq(turns.sessionId, args.sessionId), isNull(turns.intent)))
        .returning({ id: turns.id });
      if (updated.length === 0) throw new StaleSessionError();
      await tx
        .update(sessions)
        .set({ state: args.state })
        .where(and(eq(sessions.id, args.sessionId), eq(sessions.currentTurnId, args.turnId)));
      await tx.insert(messages).values(messageRow(args.sessionId, args.userMessage)).onConflictDoNothing();
    });
    return true;
  } catch (error) {
    if (error instanceof StaleSessionError) return false;
    throw error;
  }
}

/**
 * The assessment of a turn, and its effect on the identity's review schedule, in one transaction.
 * Returns false when the turn was already graded (a concurrent regrade won).
 */
export async function saveAssessment(args: { turnId: string; assessment: Assessment; recovered: string[] }): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(assessments)
      .values({
        turnId: args.turnId,
        assessment: args.assessment,
        grader: args.assessment.grader.kind,
        score: args.assessment.score,
        recovered: args.recovered,
      })
      .onConflictDoNothing()
      .returning({ id: assessments.id });
    if (inserted.length === 0) return false;
    await applyAssessmentToReviewState(tx, args.turnId);
    return true;
  });
}

/**
 * Moves the session to its next state, optionally putting a new question, but only if it is
 * still where the caller found it (same state, same current turn). Returns false otherwise.
 */
export async function advanceSession(args: {
  sessionId: string;
  from: { state: SessionState; turnId: string | null };
  to: { state: SessionState; turnId: string | null; endedAt?: Date };
  newTurn?: NewTurn;
}): Promise<boolean> {
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      if (args.newTurn) await tx.insert(turns).values(args.newTurn);
      const current = args.from.turnId === null ? isNull(sessions.currentTurnId) : eq(sessions.currentTurnId, args.from.turnId);
      const updated = await tx
        .update(sessions)
        .set({ state: args.to.state, currentTurnId: args.to.turnId, ...(args.to.endedAt ? { endedAt: args.to.endedAt } : {}) })
        .where(and(eq(sessions.id, args.sessionId), eq(sessions.state, args.from.state), current))
        .returning({ id: sessions.id });
      if (updated.length === 0) throw new StaleSessionError();
    });
    return true;
  } catch (error) {
    if (error instanceof StaleSessionError) return false;
    throw error;
  }
}

/** A question the candidate asked (kind "ask"): stored with their message before it is answered. */
export async function recordCandidateQuestion(args: { turn: NewTurn; userMessage: RehearseMessage }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(turns).values(args.turn);
    await tx.insert(messages).values(messageRow(args.turn.sessionId, args.userMessage)).onConflictDoNothing();
  });
}

/** The interviewer's grounded answer to a candidate's question, kept in the turn's `answer`. */
export async function saveCandidateQuestionAnswer(turnId: string, answer: string): Promise<void> {
  const db = await getDb();
  await db.update(turns).set({ answer, answeredAt: new Date() }).where(eq(turns.id, turnId));
}

/** Tests: does a stored reply exist for this turn? */
export async function getTurnAnswer(turnId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ answer: turns.answer }).from(turns).where(eq(turns.id, turnId)).limit(1);
  return row?.answer ?? null;
}
