import { AsyncLocalStorage } from "node:async_hooks";
import { bumpCounters } from "@/lib/db/rate-limit-queries";
import { failureSentence } from "@/lib/ai/failure-codes";
import { env } from "@/lib/env";
import { secondsUntil, windowAt, type Requester } from "./rate-limit";

/**
 * The daily LLM budget: how many LLM calls (grading, follow-ups, answers to the candidate's
 * questions, reworded review questions, transcription) one identity may cause per UTC day. Every
 * place that is about to call an LLM asks takeLlmCall() first and, when it says no, does what it
 * does without an LLM (withFallback in lib/ai does this for every call with a local answer: the
 * local judge grades, with the llm_budget code and LLM_BUDGET_NOTE as the reason).
 *
 * The requester is carried through the request by AsyncLocalStorage rather than as an argument of
 * every function between the route and the model call: routes wrap their work in runChargedTo().
 * Outside it (the CLI, scripts) nothing is counted.
 */
const DAY_SEC = 86_400;
const requester = new AsyncLocalStorage<Requester>();

/** What an answer graded past the budget says (the llm_budget code's sentence). */
export const LLM_BUDGET_NOTE = failureSentence("llm_budget", "grader");

/** Runs `work` with every LLM call inside it charged to `who` (its identity, else its address). */
export function runChargedTo<T>(who: Requester, work: () => T): T {
  return requester.run(who, work);
}

export interface BudgetCheck {
  allowed: boolean;
  /** Seconds until the budget starts again (the next UTC day). */
  retryAfterSec: number;
}

/** Charges one LLM call to the current requester; allowed is false once its budget for the day is spent. */
export async function takeLlmCall(now: Date = new Date()): Promise<BudgetCheck> {
  const day = windowAt(now, DAY_SEC);
  const retryAfterSec = secondsUntil(day.end, now);
  const budget = env().REHEARSE_LLM_DAILY_BUDGET;
  const who = requester.getStore();
  const counter = who?.identityId ? { scope: "llm:identity", key: who.identityId } : who?.address ? { scope: "llm:address", key: who.address } : null;
  if (budget === 0 || !counter) return { allowed: true, retryAfterSec };
  const [count] = await bumpCounters([counter], day.start, day.end);
  return { allowed: count! <= budget, retryAfterSec };
}
