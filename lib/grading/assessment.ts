import { z } from "zod";
import type { StoredAssessment } from "@/lib/db/json-types";
import { failureSentence, isFailureCode, isOurSentence, LLM_FAILURE_CODES } from "@/lib/ai/failure-codes";

/** Bumped whenever the meaning of a score changes (rubric, scoring weights, key-point rules). */
export const RUBRIC_VERSION = "2026-11-26.2";

export const bandSchema = z.enum(["strong", "adequate", "weak"]);
export type Band = z.infer<typeof bandSchema>;

export const verdictSchema = z.enum(["covered", "partial", "missed", "contradicted"]);
export type Verdict = z.infer<typeof verdictSchema>;

/** One rubric point of the reference: its key points, enriched where the list is thin. */
export const rubricPointSchema = z.object({
  id: z.string(),
  /** A short label a candidate reads at a glance (assessments stored before labels existed have none: show `text`). */
  label: z.string().optional(),
  /** The reference's wording of the point. */
  text: z.string(),
  /** Core points carry the score; extra points add depth. */
  core: z.boolean(),
  /** Where it came from: the reference's key-point list or the answer body (e.g. "1. MODEL"). */
  origin: z.enum(["keyPoints", "answer"]),
  /** Set when the reference is wrong about this point (content/errata.json): what is actually true. */
  correction: z.string().optional(),
});
export type RubricPoint = z.infer<typeof rubricPointSchema>;

export const keyPointVerdictSchema = rubricPointSchema.extend({
  verdict: verdictSchema,
  /** The candidate's own words, a verbatim span of the answer; empty when missed. */
  evidence: z.string(),
  /** Why this verdict, in a sentence. */
  note: z.string().optional(),
});
export type KeyPointVerdict = z.infer<typeof keyPointVerdictSchema>;

export const gradingErrorSchema = z.object({
  /** The wrong claim, quoted from the candidate. */
  claim: z.string(),
  correction: z.string(),
  /** True when the reference itself is wrong and the candidate is right: no penalty. */
  referenceIsWrong: z.boolean().default(false),
});
export type GradingError = z.infer<typeof gradingErrorSchema>;

export const graderInfoSchema = z.object({
  kind: z.enum(["llm", "local"]),
  /** The model id when the LLM graded. */
  model: z.string().optional(),
  /** Set when the LLM was asked but the local judge answered: why, as a stable code (lib/ai/failure-codes.ts). */
  fallbackCode: z.enum(LLM_FAILURE_CODES).optional(),
  /** The code's sentence, ours, never provider text. Read stored values through publicGraderInfo. */
  fallbackReason: z.string().optional(),
  /** What the candidate should know about how this grade was made (e.g. no grading pack for the question). */
  note: z.string().optional(),
});
export type GraderInfo = z.infer<typeof graderInfoSchema>;

/**
 * Grader info as it may be shown or served. Assessments stored before fallback codes existed kept the
 * provider's error text as the reason (which could quote the API key): any reason that is not our
 * sentence for its code is replaced by the generic one, so what a candidate sees is always ours.
 */
export function publicGraderInfo(grader: GraderInfo): GraderInfo {
  if (grader.fallbackReason === undefined && grader.fallbackCode === undefined) return grader;
  const code = isFailureCode(grader.fallbackCode) ? grader.fallbackCode : "llm_failed";
  const reason =
    grader.fallbackReason !== undefined && isOurSentence(code, "grader", grader.fallbackReason) ? grader.fallbackReason : failureSentence(code, "grader");
  return { ...grader, fallbackCode: code, fallbackReason: reason };
}

export const assessmentSchema = z.object({
  questionId: z.string(),
  score: z.number().int().min(0).max(10),
  band: bandSchema,
  rubricVersion: z.string(),
  keyPoints: z.array(keyPointVerdictSchema),
  errors: z.array(gradingErrorSchema),
  strengths: z.array(z.string()),
  improvements: z.array(z.string()),
  improvedAnswer: z.string(),
  followUp: z.string(),
  injectionDetected: z.boolean(),
  offTopic: z.boolean(),
  grader: graderInfoSchema,
});
export type Assessment = z.infer<typeof assessmentSchema>;

export function bandOf(score: number): Band {
  if (score >= 7) return "strong";
  if (score >= 5) return "adequate";
  return "weak";
}

// Storage keeps its own copy of this shape (lib/db is a leaf): this fails to compile if either drifts.
const storedAlike: [StoredAssessment, Assessment] = [{} as Assessment, {} as StoredAssessment];
void storedAlike;
