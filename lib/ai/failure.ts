import { APICallError, NoObjectGeneratedError, RetryError } from "ai";
import { env } from "@/lib/env";
import type { LlmFailureCode } from "./failure-codes";

/**
 * Why an LLM call failed, in our words. Provider error text can quote the API key (OpenAI's 401 says
 * "Incorrect API key provided: sk-…") or expose internals ("Cannot connect to API: bad port"), so it
 * never reaches a candidate: what is stored and shown is a stable code and a sentence
 * (failure-codes.ts), derived here by classifying the error. The provider's text goes only to the
 * server log, redacted (describeForLog).
 */

/** An error a call raises on purpose when the model's output is unusable (invalid JSON, wrong shape, missing verdicts). */
export class LlmOutputError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "LlmOutputError";
  }
}

/** The code for whatever an AI SDK call threw (or the abort reason of its timeout signal). */
export function classifyLlmError(error: unknown): LlmFailureCode {
  if (RetryError.isInstance(error)) return classifyLlmError(error.lastError);
  if (isTimeout(error)) return "llm_timeout";
  if (error instanceof LlmOutputError || NoObjectGeneratedError.isInstance(error)) return "llm_bad_output";
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return "llm_unreachable";
    if (status === 401 || status === 403) return "llm_auth";
    if (status === 429) return "llm_rate_limited";
    if (status >= 500) return "llm_server_error";
    // A 2xx here is a response that started and broke off mid-stream: unusable output.
    if (status < 300) return "llm_bad_output";
    return "llm_rejected";
  }
  if (error instanceof Error && /JSON|schema|validation|parse/i.test(`${error.name} ${error.message}`)) return "llm_bad_output";
  if (isConnectionError(error)) return "llm_unreachable";
  return "llm_failed";
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function isConnectionError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}` : "";
  return /ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|fetch failed|socket hang up/i.test(text);
}

/**
 * Removes anything key-like from text bound for the log: sk-… keys (whole or masked, as OpenAI
 * quotes them), Bearer tokens, api_key=… pairs, credentials in URLs, and the configured key itself.
 */
export function redact(text: string, apiKey: string | undefined = safeConfiguredKey()): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join("[redacted]");
  return out
    .replace(/\bsk-[A-Za-z0-9_*.\-]{3,}/g, "sk-[redacted]")
    .replace(/\bBearer\s+[^\s"',;]+/gi, "Bearer [redacted]")
    .replace(/\b(api[_-]?key|authorization|x-api-key)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, "$1$2[redacted]")
    .replace(/(\bhttps?:\/\/)[^\s/@]+@/gi, "$1[redacted]@");
}

/** The key from the environment, or none when the environment itself is invalid (logging must never throw). */
function safeConfiguredKey(): string | undefined {
  try {
    return env().OPENAI_API_KEY;
  } catch {
    return undefined;
  }
}

/** What the server log says about an error: name, status, message, provider body and cause, redacted. */
export function describeForLog(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = RetryError.isInstance(error) ? error.lastError : error;
  if (RetryError.isInstance(error)) parts.push(`after ${error.errors.length} attempts:`);
  for (let depth = 0; current !== undefined && depth < 3; depth++) {
    if (current instanceof Error) {
      const status = APICallError.isInstance(current) && current.statusCode !== undefined ? ` ${current.statusCode}` : "";
      parts.push(`${current.name}${status}: ${current.message}`);
      // Our own bugs need their stack; provider errors are described by status and body instead.
      if (depth === 0 && !APICallError.isInstance(current) && !(current instanceof LlmOutputError) && current.name !== "TimeoutError" && current.stack)
        parts.push(current.stack.split("\n").slice(1, 8).join("\n"));
      if (APICallError.isInstance(current) && current.responseBody) parts.push(`body: ${current.responseBody.slice(0, 500)}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return redact(parts.join(" | "));
}
