import type { UIMessage } from "ai";
import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";
import { wellFormed } from "@/lib/text/well-formed";
import { assessmentSchema, keyPointVerdictSchema } from "@/lib/grading/assessment";
import { voiceMetaSchema, type VoiceMeta } from "@/lib/voice/delivery-schema";

/**
 * The wire contract between the interview UI and POST /api/chat.
 * The client sends only its newest message; the server reloads the session from storage.
 */

export const MAX_ANSWER_CHARS = 8_000;

export const sessionModeSchema = z.enum(["practice", "mock"]);
export type SessionMode = z.infer<typeof sessionModeSchema>;

/** What the candidate's message is: the UI has an explicit control; the server may auto-detect "ask". */
export const intentSchema = z.enum(["answer", "ask", "skip", "dont-know", "next", "end"]);
export type Intent = z.infer<typeof intentSchema>;

/** A practice or mock interview on the bank's questions. */
export const interviewSessionSchema = z.object({
  review: z.literal(false).optional(),
  track: z.union([trackSchema, z.literal("all")]),
  mode: sessionModeSchema,
  /** Mock interview length; practice sessions run until ended. */
  questionCount: z.number().int().min(1).max(16).default(5),
  /** Optional per-answer limit in mock mode, seconds. */
  timeLimitSec: z.number().int().min(30).max(1800).nullable().default(null),
  /** Start with this question ("practise this one" from /questions). */
  questionId: wellFormed(z.string().max(200)).optional(),
});
export type CreateInterviewSession = z.infer<typeof interviewSessionSchema>;

/**
 * "Review now": a practice session on the identity's due key points, planned by the server
 * (lib/progress/review-plan.ts). Optionally only the due points of one track.
 */
export const reviewSessionSchema = z.object({
  review: z.literal(true),
  track: z.union([trackSchema, z.literal("all")]).default("all"),
});
export type CreateReviewSession = z.infer<typeof reviewSessionSchema>;

/** POST /api/sessions: `review: true` asks for a review session; without it, the body is an interview as before. */
export const createSessionSchema = z.discriminatedUnion("review", [reviewSessionSchema, interviewSessionSchema]);
export type CreateSession = z.infer<typeof createSessionSchema>;

/** One question a review session asks, in order: the bank question, the due points it targets, and how it is put. */
export const plannedQuestionSchema = z.object({
  questionId: z.string(),
  /** Rubric point ids that are due, most overdue first. */
  targetPointIds: z.array(z.string()),
  /** The question as asked (reworded for the due point); absent means the bank question's title. */
  prompt: z.string().optional(),
});
export type PlannedQuestion = z.infer<typeof plannedQuestionSchema>;

export const chatRequestSchema = z.object({
  sessionId: z.uuid(),
  message: z.object({
    id: wellFormed(z.string().min(1).max(100)),
    role: z.literal("user"),
    parts: z
      .array(z.object({ type: z.literal("text"), text: wellFormed(z.string().max(MAX_ANSWER_CHARS, `answer is longer than ${MAX_ANSWER_CHARS} characters`)) }))
      .max(1),
    /**
     * `voice` is present when the answer was spoken: the original transcript and delivery metrics.
     * `confirmed`: the candidate insisted on this intent (e.g. "grade it as my answer" after an
     * auto-detected question), so the server must not reinterpret it.
     */
    metadata: z.object({ intent: intentSchema, voice: voiceMetaSchema.optional(), confirmed: z.boolean().optional() }),
  }),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** The interviewer puts a question (a bank question or a probing follow-up). */
export const questionPartSchema = z.object({
  turnId: z.string(),
  questionId: z.string(),
  title: z.string(),
  track: trackSchema,
  /** 1-based position in the session; follow-ups share their question's index. */
  index: z.number().int(),
  total: z.number().int().nullable(),
  kind: z.enum(["main", "followUp"]),
  /** For follow-ups, the rubric point ids it targets. */
  targets: z.array(z.string()).default([]),
  text: z.string(),
});

/** A key point judged so far (streamed before the full assessment). */
export const keyPointPartSchema = keyPointVerdictSchema.extend({ turnId: z.string() });

/** The complete assessment of one answer. `recovered` lists point ids recovered by a follow-up. */
export const assessmentPartSchema = z.object({
  turnId: z.string(),
  assessment: assessmentSchema,
  recovered: z.array(z.string()).default([]),
  reference: z.object({ questionId: z.string(), title: z.string(), answer: z.string(), source: z.string() }),
});

/** Answer to a question the candidate asked, grounded in bank passages. */
export const groundedAnswerPartSchema = z.object({
  text: z.string(),
  /** Who wrote it: the interviewer model from the passages, or the bank's own words quoted. */
  grounded: z.enum(["llm", "passages"]),
  /** False when the bank does not cover the question (the text says so and offers the nearest questions). Older stored answers lack it. */
  covered: z.boolean().optional(),
  sources: z.array(z.object({ questionId: z.string(), title: z.string(), passage: z.string() })),
});

export const summaryPartSchema = z.object({
  questions: z.array(
    z.object({
      questionId: z.string(),
      title: z.string(),
      score: z.number().nullable(),
      skipped: z.boolean(),
      /** Mock mode: answered after the per-answer time limit (graded all the same). */
      overTime: z.boolean().optional(),
    }),
  ),
  average: z.number().nullable(),
  missedMost: z.array(z.object({ text: z.string(), questionId: z.string(), count: z.number() })),
  suggested: z.array(z.object({ questionId: z.string(), title: z.string() })),
});

export const statusPartSchema = z.object({
  state: z.string(),
  message: z.string().optional(),
  /** Set when the server read the candidate's message as another intent (e.g. an answer that was a question: "ask"). */
  intent: intentSchema.optional(),
});

/** The session as GET/POST /api/sessions return it. */
export const sessionViewSchema = z.object({
  id: z.uuid(),
  track: z.union([trackSchema, z.literal("all")]),
  mode: sessionModeSchema,
  /** Mock length (capped at the questions available); null in practice. */
  questionCount: z.number().int().nullable(),
  timeLimitSec: z.number().int().nullable(),
  /** "active" or "ended". */
  status: z.enum(["active", "ended"]),
  /** The interviewer's state: awaiting_answer, grading or ended. */
  state: z.enum(["awaiting_answer", "grading", "ended"]),
  /** Main questions asked so far. */
  asked: z.number().int(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

/**
 * The data parts of the interview stream, by name ("data-question" carries a question part). The
 * chat client passes these to useChat as dataPartSchemas, so a part that does not match its schema
 * fails the reply with an error instead of rendering half a card.
 */
export const dataPartSchemas = {
  question: questionPartSchema,
  keyPoint: keyPointPartSchema,
  assessment: assessmentPartSchema,
  groundedAnswer: groundedAnswerPartSchema,
  summary: summaryPartSchema,
  status: statusPartSchema,
};

export type RehearseDataParts = { [K in keyof typeof dataPartSchemas]: z.infer<(typeof dataPartSchemas)[K]> };

export type RehearseMessage = UIMessage<{ intent?: Intent; createdAt?: string; voice?: VoiceMeta; confirmed?: boolean }, RehearseDataParts>;
