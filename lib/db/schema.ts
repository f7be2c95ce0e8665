import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { StoredAssessment, StoredMessageMetadata, StoredMessagePart, StoredPlannedQuestion } from "./json-types";

export type { StoredAssessment, StoredMessageMetadata, StoredMessagePart, StoredPlannedQuestion } from "./json-types";

/**
 * Storage for interview sessions. Migrations are generated from this file into lib/db/migrations
 * (see lib/db/migrate.ts) and run on start, on PGlite and on Postgres alike.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

/** An anonymous browser, known only by the signed cookie that carries its id. */
export const identities = pgTable("identities", {
  id: uuid("id").primaryKey(),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    identityId: uuid("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    /** A track of the bank, or "all". */
    track: text("track").notNull(),
    mode: text("mode", { enum: ["practice", "mock"] }).notNull(),
    questionCount: integer("question_count").notNull(),
    timeLimitSec: integer("time_limit_sec"),
    /** The interview state machine's phase (lib/interview/state-machine.ts). */
    state: text("state", { enum: ["awaiting_answer", "grading", "ended"] }).notNull(),
    /** The turn the interviewer is waiting on (a question, or an answer being graded). */
    currentTurnId: uuid("current_turn_id"),
    createdAt: createdAt(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    /** A review session's questions, in the order they are asked; null for practice and mock sessions. */
    plan: jsonb("plan").$type<StoredPlannedQuestion[]>(),
  },
  (t) => [index("sessions_identity_created_idx").on(t.identityId, t.createdAt)],
);

/**
 * One exchange: the interviewer's question (main or follow-up) and the candidate's reply,
 * or a question the candidate asked (kind "ask") and the interviewer's grounded answer.
 */
export const turns = pgTable(
  "turns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    kind: text("kind", { enum: ["main", "followUp", "ask"] }).notNull(),
    /** The bank question this turn is about (for follow-ups: the main question). */
    questionId: text("question_id"),
    /** 1-based position of the main question in the session; follow-ups share it. */
    questionIndex: integer("question_index").notNull(),
    prompt: text("prompt").notNull(),
    /** Rubric point ids a follow-up targets. */
    targets: jsonb("targets").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * The candidate's reply, written before grading starts so a crash never loses it.
     * For "ask" turns (prompt = the candidate's question) it holds the interviewer's grounded answer.
     */
    answer: text("answer"),
    intent: text("intent"),
    askedAt: timestamp("asked_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
    /** Mock mode answers past the per-answer time limit are graded but flagged. */
    overTimeLimit: boolean("over_time_limit").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("turns_session_seq_idx").on(t.sessionId, t.seq)],
);

export const assessments = pgTable(
  "assessments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    turnId: uuid("turn_id")
      .notNull()
      .references(() => turns.id, { onDelete: "cascade" }),
    assessment: jsonb("assessment").$type<StoredAssessment>().notNull(),
    grader: text("grader").notNull(),
    score: integer("score").notNull(),
    /** Point ids a follow-up answer recovered. */
    recovered: jsonb("recovered").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("assessments_turn_idx").on(t.turnId)],
);

/** The UI messages as streamed, so a reload shows the conversation exactly as it happened. */
export const messages = pgTable(
  "messages",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    /** Insertion order. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    role: text("role", { enum: ["user", "assistant"] }).notNull(),
    parts: jsonb("parts").$type<StoredMessagePart[]>().notNull(),
    metadata: jsonb("metadata").$type<StoredMessageMetadata>(),
    createdAt: createdAt(),
    /**
     * A candidate's message: the turn it answered or created. The message id is the client's
     * idempotency key (the primary key makes a re-sent message a no-op), and this says what it was for.
     */
    turnId: uuid("turn_id"),
    /** The interviewer's reply: the id of the candidate message it answers, so a re-send gets the same reply. */
    replyTo: text("reply_to"),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.id] }),
    index("messages_session_seq_idx").on(t.sessionId, t.seq),
    uniqueIndex("messages_session_reply_to_idx").on(t.sessionId, t.replyTo),
  ],
);

/**
 * One-time links that carry an identity to another browser (lib/progress/carry-link.ts). Only a
 * hash of the token is stored, so a copy of the database cannot be used to take over an identity.
 */
export const identityLinks = pgTable(
  "identity_links",
  {
    /** SHA-256 of the token, base64url. */
    tokenHash: text("token_hash").primaryKey(),
    identityId: uuid("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Set when the link is claimed; a used link never works again. */
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (t) => [index("identity_links_identity_idx").on(t.identityId)],
);

/**
 * The FSRS card of each key point an identity has been judged on (lib/progress/scheduling.ts), kept
 * up to date in the transaction that stores an assessment (lib/db/review-state.ts), so /progress reads
 * what is due instead of replaying every verdict. It always equals the replay of the stored answers;
 * tests/integration/review-state.test.ts holds it to that.
 */
export const reviewStates = pgTable(
  "review_state",
  {
    identityId: uuid("identity_id")
      .notNull()
      .references(() => identities.id, { onDelete: "cascade" }),
    questionId: text("question_id").notNull(),
    keyPointId: text("key_point_id").notNull(),
    track: text("track").notNull(),
    /** The point's wording when last judged. */
    text: text("text").notNull(),
    lastVerdict: text("last_verdict", { enum: ["covered", "partial", "missed", "contradicted"] }).notNull(),
    due: timestamp("due", { withTimezone: true, mode: "date" }).notNull(),
    lastReview: timestamp("last_review", { withTimezone: true, mode: "date" }).notNull(),
    stability: doublePrecision("stability").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    scheduledDays: integer("scheduled_days").notNull(),
    reps: integer("reps").notNull(),
    lapses: integer("lapses").notNull(),
    state: integer("state").notNull(),
    /**
     * The card before its last review and the answer that reviewed it (session, question index): a
     * follow-up that later recovers the point re-rates that review from here.
     */
    // JSON of lib/progress's ReviewState, validated there when read (lib/progress/review-state.ts).
    prior: jsonb("prior").$type<unknown>(),
    lastSessionId: uuid("last_session_id").notNull(),
    lastQuestionIndex: integer("last_question_index").notNull(),
    /** Times judged, and missed or contradicted, for "key points you miss most". */
    judged: integer("judged").notNull(),
    missed: integer("missed").notNull(),
    lastMissedAt: timestamp("last_missed_at", { withTimezone: true, mode: "date" }),
    /** The point's wording when last missed. */
    missedText: text("missed_text"),
  },
  (t) => [
    primaryKey({ columns: [t.identityId, t.questionId, t.keyPointId] }),
    index("review_state_identity_due_idx").on(t.identityId, t.due),
    index("review_state_identity_missed_idx").on(t.identityId, t.missed),
  ],
);

/**
 * Identities whose review state must be rebuilt from their answers: every identity a database had
 * when review_state was added (filled by that migration), drained once on start (lib/db/client.ts).
 */
export const reviewStateBackfill = pgTable("review_state_backfill", {
  identityId: uuid("identity_id")
    .primaryKey()
    .references(() => identities.id, { onDelete: "cascade" }),
});

/**
 * Rate-limit and LLM-budget counters (lib/limits/): one row per (scope, key, fixed window), bumped by
 * an atomic upsert, so every app instance on one PostgreSQL counts against the same row. Rows whose
 * window has ended are deleted from time to time; nothing else refers to them.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    /** What is counted, e.g. "session:identity", "chat:address", "llm:identity". */
    scope: text("scope").notNull(),
    /** Who is counted: an identity id or a client address. */
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    /** When the window ends: after it the row counts for nothing and may be deleted. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key, t.windowStart] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);

export type SessionRow = typeof sessions.$inferSelect;
export type TurnRow = typeof turns.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ReviewStateRow = typeof reviewStates.$inferSelect;
