import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb, placeholderRow, preparedOn, type Db } from "./client";
import { assessments, identities, messages, sessions, turns, type AssessmentRow, type MessageRow, type SessionRow, type TurnRow } from "./schema";

/**
 * Every database access Rehearse makes, by name. Nothing outside lib/db builds SQL. The writes of
 * an interview turn take the transaction (`db`) they run in: lib/interview/run-turn.ts decides
 * what is stored together.
 */

export type NewSession = typeof sessions.$inferInsert;
export type NewTurn = typeof turns.$inferInsert;
export type SessionState = SessionRow["state"];
export type TurnWithAssessment = TurnRow & { assessment: AssessmentRow | null };
export type NewMessage = typeof messages.$inferInsert;
export type NewAssessment = typeof assessments.$inferInsert;

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

/**
 * The session as getSessionForIdentity reads it, its turns in order (with their assessments for the
 * current question's turns only; listTurns has them all) and
 * whether it already has the message `messageId`, in one statement: one snapshot, so a session that
 * a first send of this message moved on always comes with the message it stored and the turn it
 * answered, and one round trip for the read every interview turn starts with (it was two).
 */
export async function getSessionForMessage(
  sessionId: string,
  identityId: string,
  messageId: string,
): Promise<{ session: SessionRow; turns: TurnWithAssessment[]; messageStored: boolean } | null> {
  const rows = await preparedOn(await getDb(), "session_for_message", sessionForMessage).execute({ sessionId, identityId, messageId });
  const [first] = rows;
  if (!first) return null;
  const sessionTurns = rows.flatMap((r) => (r.turn ? [{ ...r.turn, assessment: r.assessment }] : []));
  return { session: first.session, turns: sessionTurns, messageStored: first.messageStored };
}

/** The statement of getSessionForMessage, built once per database (see preparedOn). */
function sessionForMessage(db: Db, name: string) {
  return (
    db
      .select({
        session: sessions,
        turn: turns,
        assessment: assessments,
        messageStored: sql<boolean>`exists (select 1 from ${messages} m where m."session_id" = ${sessions.id} and m."id" = ${sql.placeholder("messageId")})`,
      })
      .from(sessions)
      .leftJoin(turns, eq(turns.sessionId, sessions.id))
      // Only the current question's assessments: read every turn, every past assessment made the read
      // grow with the session (bench-chat: 3.4 ms at the first answer, 7.8 ms at the fifteenth).
      .leftJoin(
        assessments,
        and(
          eq(assessments.turnId, turns.id),
          sql`${turns.questionIndex} = (select c."question_index" from ${turns} c where c."id" = ${sessions.currentTurnId})`,
        ),
      )
      .where(and(eq(sessions.id, sql.placeholder("sessionId")), eq(sessions.identityId, sql.placeholder("identityId"))))
      .orderBy(asc(turns.seq))
      .prepare(name)
  );
}

export async function listSessionsForIdentity(identityId: string, limit = 50): Promise<SessionRow[]> {
  const db = await getDb();
  return db.select().from(sessions).where(eq(sessions.identityId, identityId)).orderBy(desc(sessions.createdAt)).limit(limit);
}

export interface NewSessionRows {
  session: NewSession;
  firstTurn: NewTurn;
  opening: NewMessage;
}

/** A new session with its first question and the interviewer's opening message, all or nothing. */
export async function createSession(args: NewSessionRows): Promise<void> {
  const db = await getDb();
  await db.transaction((tx) => insertSession(tx as unknown as Db, args));
}

/** The statements of createSession, in the caller's transaction (the start-up warm-up's, which rolls back). */
export async function insertSession(db: Db, args: NewSessionRows): Promise<void> {
  await db.insert(identities).values({ id: args.session.identityId }).onConflictDoNothing();
  await db.insert(sessions).values(args.session);
  await db.insert(turns).values(args.firstTurn);
  await db.insert(messages).values(args.opening);
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

/**
 * Stores a message unless the session already has one with its id, and says whether it did. The
 * primary key (session, id) is the guard: of two requests storing the same id at once, on one
 * database or through several app instances, exactly one inserts it.
 */
export async function insertMessage(db: Db, row: NewMessage): Promise<boolean> {
  const inserted = await db.insert(messages).values(row).onConflictDoNothing().returning({ id: messages.id });
  return inserted.length > 0;
}

export async function listMessages(sessionId: string): Promise<MessageRow[]> {
  const db = await getDb();
  return db.select().from(messages).where(eq(messages.sessionId, sessionId)).orderBy(asc(messages.seq));
}

/** The interviewer's stored reply to the candidate message `messageId`, if any. */
export async function findReply(sessionId: string, messageId: string): Promise<MessageRow | null> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.sessionId, sessionId), eq(messages.replyTo, messageId)))
    .limit(1);
  return row ?? null;
}

/** The id of the candidate message that answered `turnId` (null for messages stored before turn ids were kept). */
export async function findAnswerMessageId(sessionId: string, turnId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.sessionId, sessionId), eq(messages.turnId, turnId), eq(messages.role, "user")))
    .orderBy(asc(messages.seq))
    .limit(1);
  return row?.id ?? null;
}

/**
 * The candidate's message and their reply to the turn the session is waiting on, in one statement
 * (it was three: on PostgreSQL each is a round trip to the server; on PGlite no difference was
 * measurable, 2026-12-04, scripts/bench-turn.ts and bench-load.ts alternated):
 * the message is stored unless the session already has its id, the turn is answered only if the
 * message was stored and the turn was not answered yet, and the session's state moves (to `state`,
 * when given) only if the turn was answered by this very statement.
 * "resent": the message id was there already and nothing changed. "answered": the turn was already
 * answered (a double submit), and the message is stored: the caller must roll its transaction back.
 */
export async function recordReply(
  db: Db,
  message: NewMessage,
  args: {
    sessionId: string;
    turnId: string;
    answer: string | null;
    intent: string;
    answeredAt: Date;
    overTimeLimit: boolean;
    /** The session's state once the reply is stored ("grading" for answers); absent leaves it to advanceSession. */
    state?: SessionState;
  },
): Promise<"stored" | "resent" | "answered"> {
  const stored = placeholderRow("message.", message);
  const reply = placeholderRow("turn.", { answer: args.answer, intent: args.intent, answeredAt: args.answeredAt, overTimeLimit: args.overTimeLimit });
  const moved = args.state === undefined ? null : placeholderRow("session.", { state: args.state });
  const key = `record_reply:${stored.shape}:${reply.shape}:${moved?.shape ?? "-"}`;
  const statement = preparedOn(db, key, (db, name) => {
    const turnId = sql.placeholder("turnId");
    const sessionId = sql.placeholder("sessionId");
    const inserted = db.$with("stored").as(db.insert(messages).values(stored.placeholders).onConflictDoNothing().returning({ id: messages.id }));
    const answered = db.$with("reply").as(
      db
        .update(turns)
        .set(reply.placeholders)
        .where(and(eq(turns.id, turnId), eq(turns.sessionId, sessionId), isNull(turns.intent), sql`exists (select 1 from ${inserted})`))
        .returning({ id: turns.id }),
    );
    const move = moved
      ? [
          db.$with("moved").as(
            db
              .update(sessions)
              .set(moved.placeholders)
              .where(and(eq(sessions.id, sessionId), eq(sessions.currentTurnId, turnId), sql`exists (select 1 from ${answered})`))
              .returning({ id: sessions.id }),
          ),
        ]
      : [];
    return db
      .with(inserted, answered, ...move)
      .select({ message: inserted.id, turn: answered.id })
      .from(inserted)
      .leftJoin(answered, sql`true`)
      .prepare(name);
  });
  const [found] = await statement.execute({ ...stored.values, ...reply.values, ...moved?.values, sessionId: args.sessionId, turnId: args.turnId });
  if (!found) return "resent";
  return found.turn === null ? "answered" : "stored";
}

/** Stores a turn's assessment; false when the turn was already graded (the unique turn id is the guard). */
export async function insertAssessment(db: Db, row: NewAssessment): Promise<boolean> {
  const inserted = await db.insert(assessments).values(row).onConflictDoNothing().returning({ id: assessments.id });
  return inserted.length > 0;
}

/** A session's compare-and-set move (lib/interview/turn-effects.ts makes them). */
export interface MoveArgs {
  sessionId: string;
  /** Where the session must still be: another tab may have moved it on. */
  from: { state: SessionState; turnId: string | null };
  to: { state: SessionState; turnId: string | null; endedAt?: Date };
  /** The question turn the move puts, stored with it. */
  newTurn?: NewTurn;
}

/**
 * A move's compare-and-set update as a statement built once needs it: `shape` for its key, the
 * `values` to execute it with, and `build` for the update itself.
 */
function moveOf(args: MoveArgs) {
  const set = placeholderRow("move.", { state: args.to.state, currentTurnId: args.to.turnId, endedAt: args.to.endedAt });
  const fromTurn = args.from.turnId;
  return {
    shape: `${fromTurn === null}:${set.shape}`,
    values: { "where.sessionId": args.sessionId, "where.state": args.from.state, ...(fromTurn === null ? {} : { "where.turnId": fromTurn }), ...set.values },
    build: (db: Db) =>
      db
        .update(sessions)
        .set(set.placeholders)
        .where(
          and(
            eq(sessions.id, sql.placeholder("where.sessionId")),
            eq(sessions.state, sql.placeholder("where.state")),
            fromTurn === null ? isNull(sessions.currentTurnId) : eq(sessions.currentTurnId, sql.placeholder("where.turnId")),
          ),
        )
        .returning({ id: sessions.id }),
  };
}

/**
 * Moves the session to its next state, optionally putting a new question, but only if it is
 * still where the caller found it (same state, same current turn). Returns false otherwise; the
 * caller rolls its transaction back.
 */
export async function advanceSession(db: Db, args: MoveArgs): Promise<boolean> {
  const move = moveOf(args);
  const newTurn = args.newTurn ? placeholderRow("turn.", args.newTurn) : null;
  const statement = preparedOn(db, `advance_session:${move.shape}:${newTurn?.shape ?? "-"}`, (db, name) => {
    if (!newTurn) return move.build(db).prepare(name);
    // The new turn and the move in one statement (one round trip fewer per turn). Both always run, as the
    // two statements did: a session that moved on returns no row and the caller rolls the turn back.
    const added = db.$with("added").as(db.insert(turns).values(newTurn.placeholders).returning({ id: turns.id }));
    const moved = db.$with("moved").as(move.build(db));
    return db.with(added, moved).select({ id: moved.id }).from(moved).prepare(name);
  });
  const rows = await statement.execute({ ...move.values, ...newTurn?.values });
  return rows.length > 0;
}

/**
 * What grading a turn stores, in one statement (it was three round trips; see recordReply):
 * the turn's assessment, the session's move (with the question it puts) and the interviewer's reply.
 * Every part always runs, so "graded-already" (a concurrent grading stored this turn's assessment
 * first; the unique turn id is the guard) and "stale" (the session moved on) mean the caller must
 * roll its transaction back.
 */
export async function recordGrade(db: Db, assessment: NewAssessment, move: MoveArgs, reply: NewMessage): Promise<"stored" | "graded-already" | "stale"> {
  const graded = placeholderRow("assessment.", assessment);
  const moving = moveOf(move);
  const newTurn = move.newTurn ? placeholderRow("turn.", move.newTurn) : null;
  const replied = placeholderRow("reply.", reply);
  const key = `record_grade:${graded.shape}:${moving.shape}:${newTurn?.shape ?? "-"}:${replied.shape}`;
  const statement = preparedOn(db, key, (db, name) => {
    const stored = db.$with("graded").as(db.insert(assessments).values(graded.placeholders).onConflictDoNothing().returning({ id: assessments.id }));
    const added = newTurn ? [db.$with("added").as(db.insert(turns).values(newTurn.placeholders).returning({ id: turns.id }))] : [];
    const moved = db.$with("moved").as(moving.build(db));
    const reply = db.$with("replied").as(db.insert(messages).values(replied.placeholders).returning({ id: messages.id }));
    return db
      .with(stored, ...added, moved, reply)
      .select({ graded: stored.id, moved: moved.id })
      .from(reply)
      .leftJoin(stored, sql`true`)
      .leftJoin(moved, sql`true`)
      .prepare(name);
  });
  const [row] = await statement.execute({ ...graded.values, ...moving.values, ...newTurn?.values, ...replied.values });
  if (!row) throw new Error(`the reply ${reply.id} was not stored`);
  return row.graded === null ? "graded-already" : row.moved === null ? "stale" : "stored";
}

export async function insertTurn(db: Db, row: NewTurn): Promise<void> {
  await db.insert(turns).values(row);
}

/** The interviewer's grounded answer to a candidate's question, kept in the turn's `answer`. */
export async function saveCandidateQuestionAnswer(db: Db, turnId: string, answer: string): Promise<void> {
  await db.update(turns).set({ answer, answeredAt: new Date() }).where(eq(turns.id, turnId));
}

/** Tests: does a stored reply exist for this turn? */
export async function getTurnAnswer(turnId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ answer: turns.answer }).from(turns).where(eq(turns.id, turnId)).limit(1);
  return row?.answer ?? null;
}
