import type { LanguageModel } from "ai";
import { env } from "@/lib/env";
import { classifyLlmError, describeForLog } from "./failure";
import { failureSentence, type LlmFailure, type LlmRole } from "./failure-codes";
import { graderModel, interviewerModel } from "./providers";
import { takeLlmCall } from "@/lib/limits/llm-budget";

/** What a call gets: the role's model and the limits every LLM call in Rehearse shares (from env). */
export interface LlmCall {
  model: LanguageModel;
  modelId: string;
  /** Per attempt: pass `AbortSignal.timeout(timeoutMs)` (a call that makes several attempts makes one per attempt). */
  timeoutMs: number;
  /** Retries of 429/5xx/network errors inside the SDK call (it backs off and honours retry-after). */
  maxRetries: number;
}

/** The role's model with the environment's limits, or null when no LLM is configured. */
export function llmCallFor(role: LlmRole): LlmCall | null {
  const roleModel = role === "grader" ? graderModel() : interviewerModel();
  if (!roleModel) return null;
  const e = env();
  return { ...roleModel, timeoutMs: e.REHEARSE_LLM_TIMEOUT_MS, maxRetries: e.REHEARSE_LLM_MAX_RETRIES };
}

/**
 * The one way Rehearse calls an LLM that has a local answer to fall back on: run `call` with the
 * role's model; if none is configured, the requester's daily LLM budget is spent (lib/limits), or
 * the call throws, answer with `fallback` instead. A failure
 * is classified into our code and sentence (failure.ts) for the fallback to store or show, and the
 * provider's own text is logged redacted, never returned. `llm` replaces the role's configured model
 * (a judge built for a given model, tests); `null` there means "not configured".
 */
export async function withFallback<T>(
  role: LlmRole,
  call: (llm: LlmCall) => Promise<T>,
  fallback: (failure: LlmFailure | null) => T | Promise<T>,
  llm: LlmCall | null = llmCallFor(role),
): Promise<T> {
  if (!llm) return fallback(null);
  // Past the requester's daily budget the local answer is given, as for a failure, with its own code.
  if (!(await takeLlmCall()).allowed) return fallback({ code: "llm_budget", sentence: failureSentence("llm_budget", role) });
  try {
    return await call(llm);
  } catch (error) {
    const code = classifyLlmError(error);
    const failure: LlmFailure = { code, sentence: failureSentence(code, role, llm.timeoutMs) };
    console.warn(`[rehearse] ${role} LLM call failed (${code}: ${failure.sentence}); using the local fallback. ${describeForLog(error)}`);
    return fallback(failure);
  }
}
