import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Assessment } from "@/lib/grading/assessment";
import type { PlannedQuestion, RehearseMessage } from "@/lib/interview/protocol";

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
    plan: jsonb("plan").$type<PlannedQuestion[]>(),
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
    assessment: jsonb("assessment").$type<Assessment>().notNull(),
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
    parts: jsonb("parts").$type<RehearseMessage["parts"]>().notNull(),
    metadata: jsonb("metadata").$type<RehearseMessage["metadata"]>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.id] }), index("messages_session_seq_idx").on(t.sessionId, t.seq)],
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

export type SessionRow = typeof sessions.$inferSelect;
export type TurnRow = typeof turns.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
