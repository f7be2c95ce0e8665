import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";
import { graderInfoSchema, publicGraderInfo, verdictSchema } from "@/lib/grading/assessment";

/**
 * The plain records progress works on. They are shaped from stored sessions and assessments by
 * lib/progress/stored-records.ts, so every other function in lib/progress is pure and testable without a database.
 */

/** One key point as judged in one answer. */
export const attemptKeyPointSchema = z.object({
  /** The rubric point id, stable across edits of the question's answer. */
  id: z.string().min(1),
  text: z.string(),
  verdict: verdictSchema,
  /** Missed in the main answer, then covered after the interviewer's follow-up probed it. */
  recoveredAfterFollowUp: z.boolean().optional(),
});
export type AttemptKeyPoint = z.infer<typeof attemptKeyPointSchema>;

/** One graded answer to one bank question. */
export const attemptSchema = z.object({
  identityId: z.string().min(1),
  sessionId: z.string().min(1),
  questionId: z.string().min(1),
  track: trackSchema,
  answeredAt: z.coerce.date(),
  score: z.number().int().min(0).max(10),
  grader: graderInfoSchema,
  keyPoints: z.array(attemptKeyPointSchema),
});
export type Attempt = z.infer<typeof attemptSchema>;

/** An attempt with what a report shows: the question, the candidate's words and the improved answer. */
export const answerRecordSchema = attemptSchema.extend({
  questionTitle: z.string(),
  answer: z.string(),
  improvedAnswer: z.string(),
  /** Follow-up question and the answer to it, when the interviewer probed. */
  followUps: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

/** A session with its answers, oldest answer first. */
export const sessionRecordSchema = z.object({
  sessionId: z.string().min(1),
  track: z.union([trackSchema, z.literal("all")]),
  mode: z.enum(["practice", "mock"]),
  startedAt: z.coerce.date(),
  answers: z.array(answerRecordSchema),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** A stored session as it may be shown or exported: every grader's fallback reason is ours (see publicGraderInfo). */
export function publicSessionRecord(session: SessionRecord): SessionRecord {
  return { ...session, answers: session.answers.map((a) => ({ ...a, grader: publicGraderInfo(a.grader) })) };
}

/**
 * Key points are scheduled per question: rubric point ids are only unique within their question,
 * so the review key is the pair. Serialised as one string for maps and the database.
 */
export function keyPointKey(questionId: string, keyPointId: string): string {
  return `${questionId}#${keyPointId}`;
}
