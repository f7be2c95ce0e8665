import { APICallError, RetryError } from "ai";
import { describe, expect, test } from "vitest";
import { classifyLlmError, describeForLog, LlmOutputError, redact } from "@/lib/ai/failure";
import { failureSentence } from "@/lib/ai/failure-codes";
import { publicGraderInfo } from "@/lib/grading/assessment";

const apiError = (statusCode: number | undefined, message = "boom", responseBody?: string) =>
  new APICallError({ message, url: "http://127.0.0.1/v1/chat/completions", requestBodyValues: {}, statusCode, responseBody });

describe("classifying LLM errors into our codes", () => {
  test.each([
    [apiError(401), "llm_auth"],
    [apiError(403), "llm_auth"],
    [apiError(429), "llm_rate_limited"],
    [apiError(503), "llm_server_error"],
    [apiError(400, "model not found"), "llm_rejected"],
    [apiError(undefined, "Cannot connect to API: connect ECONNREFUSED 127.0.0.1:9"), "llm_unreachable"],
    [apiError(200, "Failed to process successful response"), "llm_bad_output"],
    [new RetryError({ message: "failed after 3", reason: "maxRetriesExceeded", errors: [apiError(500), apiError(500), apiError(429)] }), "llm_rate_limited"],
    [new DOMException("The operation was aborted due to timeout", "TimeoutError"), "llm_timeout"],
    [new LlmOutputError("no verdict for key point P3"), "llm_bad_output"],
    [new Error("something odd"), "llm_failed"],
  ])("%s → %s", (error, code) => {
    expect(classifyLlmError(error)).toBe(code);
  });

  test("sentences are ours and name the timeout", () => {
    expect(failureSentence("llm_auth", "grader")).toBe("the grading model rejected the API key");
    expect(failureSentence("llm_timeout", "grader", 30_000)).toBe("the grading model did not answer in 30 s");
    expect(failureSentence("llm_unreachable", "interviewer")).toBe("the interviewer model could not be reached");
  });
});

describe("redacting what goes to the log", () => {
  test("keys, masked keys, Bearer tokens, api_key pairs, URL credentials and the configured key are removed", () => {
    const text = [
      "Incorrect API key provided: sk-proj-abc123DEF456. You can find your API key at https://platform.openai.com.",
      "masked sk-abc1***********wxyz",
      "Authorization: Bearer eyJhbGciOi.J9.x",
      "url http://admin:hunter2@10.0.0.5:11434/v1 api_key=plainsecret&x=1",
      "echoed my-own-key-value",
    ].join("\n");
    const out = redact(text, "my-own-key-value");
    for (const secret of ["abc123DEF456", "abc1****", "eyJhbGciOi", "hunter2", "plainsecret", "my-own-key-value"]) expect(out).not.toContain(secret);
    expect(out).toContain("Incorrect API key provided: sk-[redacted]");
    expect(out).toContain("10.0.0.5:11434");
  });

  test("a provider error is described with status and body, redacted", () => {
    const error = apiError(401, "Incorrect API key provided: sk-live-999888777", '{"error":{"message":"Incorrect API key provided: sk-live-999888777"}}');
    const line = describeForLog(error);
    expect(line).toContain("401");
    expect(line).toContain("Incorrect API key provided");
    expect(line).not.toContain("999888777");
  });
});

describe("grader info as served", () => {
  test("a stored reason that is provider text (older assessments) is replaced by our generic sentence", () => {
    const legacy = { kind: "local" as const, fallbackReason: "LLM request rejected (401): Incorrect API key provided: sk-abc***xyz" };
    expect(publicGraderInfo(legacy)).toEqual({ kind: "local", fallbackCode: "llm_failed", fallbackReason: "the grading model could not be used" });
  });

  test("our own code and sentence are kept as stored, a tampered sentence is not", () => {
    const ours = { kind: "local" as const, fallbackCode: "llm_timeout" as const, fallbackReason: "the grading model did not answer in 30 s" };
    expect(publicGraderInfo(ours)).toEqual(ours);
    const tampered = { kind: "local" as const, fallbackCode: "llm_auth" as const, fallbackReason: "Incorrect API key provided: sk-abc" };
    expect(publicGraderInfo(tampered).fallbackReason).toBe("the grading model rejected the API key");
    expect(publicGraderInfo({ kind: "llm", model: "m" })).toEqual({ kind: "llm", model: "m" });
  });
});
