/**
 * The JSON columns' shapes as storage sees them. lib/db is a leaf, so these are plain types of its
 * own; the domain's zod schemas (lib/grading/assessment.ts, lib/interview/protocol.ts) are checked
 * against them where they are defined, and fail to compile if either side drifts.
 */

/** A review session's planned question (sessions.plan). */
export interface StoredPlannedQuestion {
  questionId: string;
  targetPointIds: string[];
  prompt?: string;
}

/** A UI message part (text or data-*), stored as the interview streamed it. */
export type StoredMessagePart = { type: string } & Record<string, unknown>;
export type StoredMessageMetadata = Record<string, unknown>;

export type StoredVerdict = "covered" | "partial" | "missed" | "contradicted";

/** The stable codes of LLM failures a grader info may carry (lib/ai/failure-codes.ts). */
export type StoredFailureCode =
  | "llm_auth"
  | "llm_rate_limited"
  | "llm_timeout"
  | "llm_unreachable"
  | "llm_server_error"
  | "llm_rejected"
  | "llm_bad_output"
  | "llm_failed"
  | "llm_budget";

export interface StoredGraderInfo {
  kind: "llm" | "local";
  model?: string | undefined;
  fallbackCode?: StoredFailureCode | undefined;
  fallbackReason?: string | undefined;
  note?: string | undefined;
}

export interface StoredKeyPointVerdict {
  id: string;
  label?: string | undefined;
  text: string;
  core: boolean;
  origin: "keyPoints" | "answer";
  correction?: string | undefined;
  verdict: StoredVerdict;
  evidence: string;
  note?: string | undefined;
}

/** A graded answer (assessments.assessment). */
export interface StoredAssessment {
  questionId: string;
  score: number;
  band: "strong" | "adequate" | "weak";
  rubricVersion: string;
  keyPoints: StoredKeyPointVerdict[];
  errors: Array<{ claim: string; correction: string; referenceIsWrong: boolean }>;
  strengths: string[];
  improvements: string[];
  improvedAnswer: string;
  followUp: string;
  injectionDetected: boolean;
  offTopic: boolean;
  grader: StoredGraderInfo;
}
