/**
 * The codes and sentences of LLM failures: what is stored with an assessment and shown to a
 * candidate instead of provider text. Pure (no imports) so client components and the zod schemas
 * can use it; classifying errors and redacting logs live in failure.ts.
 */
export const LLM_FAILURE_CODES = [
  "llm_auth",
  "llm_rate_limited",
  "llm_timeout",
  "llm_unreachable",
  "llm_server_error",
  "llm_rejected",
  "llm_bad_output",
  "llm_failed",
  /** Not a failure of the model: the identity's daily LLM budget (REHEARSE_LLM_DAILY_BUDGET) is spent. */
  "llm_budget",
] as const;
export type LlmFailureCode = (typeof LLM_FAILURE_CODES)[number];

/** Which model failed: the sentence names it as a candidate would ("the grading model"). */
export type LlmRole = "grader" | "interviewer";

export interface LlmFailure {
  code: LlmFailureCode;
  /** Ours: safe to store and show. */
  sentence: string;
}

const MODEL_NOUN: Record<LlmRole, string> = { grader: "the grading model", interviewer: "the interviewer model" };

/** The sentence for a code. Only llm_timeout varies: it names the timeout when known. */
export function failureSentence(code: LlmFailureCode, role: LlmRole, timeoutMs?: number): string {
  const model = MODEL_NOUN[role];
  switch (code) {
    case "llm_auth":
      return `${model} rejected the API key`;
    case "llm_rate_limited":
      return `${model} is rate limited; try again in a minute`;
    case "llm_timeout":
      return `${model} did not answer in ${timeoutMs === undefined ? "time" : formatSeconds(timeoutMs)}`;
    case "llm_unreachable":
      return `${model} could not be reached`;
    case "llm_server_error":
      return `${model}'s server had an error`;
    case "llm_rejected":
      return `${model} refused the request`;
    case "llm_bad_output":
      return `${model}'s reply could not be used`;
    case "llm_failed":
      return `${model} could not be used`;
    case "llm_budget":
      return "today's LLM budget for this browser is used up, so the local judge answered; the LLM is back tomorrow (UTC)";
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/**
 * True when `text` is a sentence failureSentence writes for `code`, whatever timeout it named.
 * Used at read time: anything else stored as a reason (older rows kept provider text) is replaced.
 */
export function isOurSentence(code: LlmFailureCode, role: LlmRole, text: string): boolean {
  if (code === "llm_timeout") return new RegExp(`^${MODEL_NOUN[role]} did not answer in (time|\\d+(\\.\\d)? s)$`).test(text);
  return text === failureSentence(code, role);
}

export function isFailureCode(value: unknown): value is LlmFailureCode {
  return typeof value === "string" && (LLM_FAILURE_CODES as readonly string[]).includes(value);
}
