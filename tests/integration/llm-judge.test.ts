/**
 * The LLM judge end to end through the real `@ai-sdk/openai` chat provider, against the fake
 * OpenAI-compatible server (tests/support/fake-openai.ts) on 127.0.0.1.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { forgetModesForTests } from "@/lib/ai/structured";
import { findQuestion } from "@/lib/bank/load";
import type { KeyPointVerdict } from "@/lib/grading/assessment";
import { createLlmJudge } from "@/lib/grading/llm-judge";
import type { LlmJudgment } from "@/lib/grading/llm-prompt";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { defaultResponder, startFakeOpenAI, type FakeOpenAI } from "@/tests/support/fake-openai";

const question = findQuestion("flask/manage-sessions-cookies")!;
const points = rubricPoints(question);
const ANSWER =
  "Flask uses secure cookies for sessions: the session is a cookie signed with the SECRET_KEY, so users can read it but not forge it. " +
  "You set SECRET_KEY in the config for session security and then use session like a dict between requests. " +
  "Plain cookies are key-value pairs you set on the response with set_cookie and read from request.cookies.";

let fake: FakeOpenAI;
let requestsBefore = 0;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  requestsBefore = fake.chatRequests().length;
  fetchesSent = 0;
  fake.setDefault({ kind: "ok" });
  fake.setStructuredSupport("all");
  forgetModesForTests();
});

const chatCalls = () => fake.chatRequests().length - requestsBefore;

/**
 * Requests the SDK sent, counted as it sends them. With a hanging server a timeout can abort a request
 * before the server has recorded it (a loaded CI machine), so attempts are counted here, not there.
 */
let fetchesSent = 0;
const countingFetch: typeof fetch = (input, init) => {
  fetchesSent++;
  return fetch(input, init);
};

function judge(timeoutMs = 5_000, maxRetries = 2, apiKey = "test") {
  const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey, fetch: countingFetch });
  return createLlmJudge({
    model: provider.chat("fake-model"),
    modelId: "fake-model",
    host: new URL(fake.url).host,
    fallback: localJudge,
    timeoutMs,
    maxRetries,
  });
}

/** How each chat request since the test began asked for structure. */
const modesAsked = () =>
  fake
    .chatRequests()
    .slice(requestsBefore)
    .map((r) => (r.tools ? "tool" : (r.response_format?.type ?? "text")));

describe("LLM judge over the OpenAI-compatible API", () => {
  test("streams structured output and reports the first verdict before the stream ends", async () => {
    // The server holds the last chunk back until the first verdict has reached the caller.
    let reportFirst = () => {};
    const firstReported = new Promise<void>((resolve) => (reportFirst = resolve));
    fake.queue({ kind: "ok", holdBeforeEnd: firstReported });
    const seen: KeyPointVerdict[] = [];

    const result = await judge(3_000).grade(
      { question, points, answer: ANSWER },
      {
        onKeyPoint: (v) => {
          seen.push(v);
          reportFirst();
        },
      },
    );

    expect(result.grader).toEqual({ kind: "llm", model: "fake-model" });
    expect(seen.map((v) => v.id)).toEqual(points.map((p) => p.id));
    expect(result.keyPoints.find((k) => k.id === points[0]!.id)?.verdict).toBe("covered");
    // What went over the wire: a streamed Chat Completions call with a strict JSON schema and the answer inside.
    const [request] = fake.chatRequests().slice(-1);
    expect(request?.stream).toBe(true);
    expect(request?.response_format?.type).toBe("json_schema");
    expect(request?.temperature).toBe(0);
    expect(JSON.stringify(request?.messages)).toContain(JSON.stringify(ANSWER).slice(1, -1));
  });

  test("a 429 is retried and the next answer is used", async () => {
    fake.queue({ kind: "error", status: 429, retryAfterMs: 10 });
    const result = await judge().grade({ question, points, answer: ANSWER });
    expect(chatCalls()).toBe(2);
    expect(result.grader.kind).toBe("llm");
  });

  test("a server that always fails gets a bounded number of calls, then the local judge answers", async () => {
    fake.setDefault({ kind: "error", status: 500, retryAfterMs: 10 });
    const result = await judge(5_000, 2).grade({ question, points, answer: ANSWER });
    expect(chatCalls()).toBe(3); // one call + maxRetries
    expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_server_error", fallbackReason: "the grading model's server had an error" });
    expect(result.keyPoints.length).toBe(points.length);
  });

  test("a server that never answers times out twice and the local judge answers", async () => {
    fake.setDefault({ kind: "hang" });
    // 1 s, not less: on a loaded 2-core machine a shorter timeout can fire before the request is even sent.
    const result = await judge(1_000).grade({ question, points, answer: ANSWER });
    expect(fetchesSent).toBe(2); // one retry after a timeout, no more
    expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_timeout", fallbackReason: "the grading model did not answer in 1 s" });
  });

  test("one timeout is retried and the LLM still grades", async () => {
    fake.queue({ kind: "hang" });
    const result = await judge(1_000).grade({ question, points, answer: ANSWER });
    expect(fetchesSent).toBe(2);
    expect(result.grader.kind).toBe("llm");
    expect(result.grader.fallbackReason).toBeUndefined();
  });

  test("invalid JSON is retried once, then the local judge answers", async () => {
    fake.setDefault({ kind: "invalid-json" });
    const result = await judge().grade({ question, points, answer: ANSWER });
    expect(chatCalls()).toBe(2);
    expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_bad_output", fallbackReason: "the grading model's reply could not be used" });
  });

  test("a truncated stream is retried once and the second answer is used", async () => {
    fake.queue({ kind: "truncated" });
    const result = await judge().grade({ question, points, answer: ANSWER });
    expect(chatCalls()).toBe(2);
    expect(result.grader.kind).toBe("llm");
  });

  test("a stream cut off twice falls back with that reason", async () => {
    fake.setDefault({ kind: "truncated" });
    const result = await judge().grade({ question, points, answer: ANSWER });
    expect(chatCalls()).toBe(2);
    expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_bad_output", fallbackReason: "the grading model's reply could not be used" });
  });

  test("a model claiming full coverage with invented quotes scores low", async () => {
    const weak = "Sessions are a thing in Flask, I am not sure how they work.";
    fake.queue({
      kind: "ok",
      respond: (request) => {
        const honest = defaultResponder(request) as LlmJudgment;
        return {
          ...honest,
          keyPoints: honest.keyPoints.map((k) => ({ ...k, verdict: "covered", evidence: "the session is a signed cookie protected by SECRET_KEY" })),
          score: 10,
        };
      },
    });
    const result = await judge().grade({ question, points, answer: weak });
    expect(result.grader.kind).toBe("llm");
    expect(result.keyPoints.every((k) => k.verdict === "missed")).toBe(true);
    expect(result.band).toBe("weak");
  });

  test("the API key an error quotes is in no assessment and no log line", async () => {
    const key = "sk-proj-fakeKEY1234567890abcdefXYZ";
    fake.setDefault({ kind: "error", status: 401, quoteKey: true });
    const logged: string[] = [];
    const spies = (["warn", "error", "log", "info"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const result = await judge(5_000, 2, key).grade({ question, points, answer: ANSWER });
      expect(chatCalls()).toBe(1); // a 401 is not retried
      expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_auth", fallbackReason: "the grading model rejected the API key" });
      expect(JSON.stringify(result)).not.toContain("fakeKEY");
      // The provider's text is logged for the operator, with the key taken out.
      expect(logged.join("\n")).toContain("Incorrect API key provided");
      expect(logged.join("\n")).not.toContain("fakeKEY");
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe("servers without json_schema structured output", () => {
  test("a server that only honours json_object: JSON mode grades, the schema is in the prompt, and the next answer goes straight to JSON mode", async () => {
    fake.setStructuredSupport("json_object");
    const seen: KeyPointVerdict[] = [];
    const first = await judge().grade({ question, points, answer: ANSWER }, { onKeyPoint: (v) => seen.push(v) });
    expect(first.grader).toEqual({ kind: "llm", model: "fake-model" });
    expect(first.keyPoints.find((k) => k.id === points[0]!.id)?.verdict).toBe("covered");
    expect(modesAsked()).toEqual(["json_schema", "json_object"]);
    const jsonModeRequest = fake.chatRequests().at(-1)!;
    expect(jsonModeRequest.stream).toBe(true);
    expect(JSON.stringify(jsonModeRequest.messages)).toContain("matching this JSON Schema");
    // Progress still streams, one report per point.
    expect(new Set(seen.map((v) => v.id))).toEqual(new Set(points.map((p) => p.id)));

    requestsBefore = fake.chatRequests().length;
    const second = await judge().grade({ question, points, answer: ANSWER });
    expect(second.grader.kind).toBe("llm");
    expect(modesAsked()).toEqual(["json_object"]);
  });

  test("a server that only does tool calls: the forced tool call grades, with streamed progress, and is remembered", async () => {
    fake.setStructuredSupport("tools");
    const seen: KeyPointVerdict[] = [];
    const first = await judge().grade({ question, points, answer: ANSWER }, { onKeyPoint: (v) => seen.push(v) });
    expect(first.grader).toEqual({ kind: "llm", model: "fake-model" });
    expect(first.keyPoints.find((k) => k.id === points[0]!.id)?.verdict).toBe("covered");
    expect(first.keyPoints.find((k) => k.id === points[0]!.id)?.evidence).not.toBe("");
    expect(modesAsked()).toEqual(["json_schema", "json_object", "tool"]);
    const toolRequest = fake.chatRequests().at(-1)!;
    expect(toolRequest.tool_choice).toEqual({ type: "function", function: { name: "assessment" } });
    expect(new Set(seen.map((v) => v.id))).toEqual(new Set(points.map((p) => p.id)));

    requestsBefore = fake.chatRequests().length;
    await judge().grade({ question, points, answer: ANSWER });
    expect(modesAsked()).toEqual(["tool"]);
  });

  test("a server that ignores json_schema and answers prose around fenced JSON still grades in one call, streaming verdicts", async () => {
    fake.setStructuredSupport("ignores-schema");
    // The last chunk waits for the first verdict: verdicts held back until the end would time out.
    let reportFirst = () => {};
    const firstReported = new Promise<void>((resolve) => (reportFirst = resolve));
    fake.queue({ kind: "ok", holdBeforeEnd: firstReported });
    const result = await judge(3_000).grade({ question, points, answer: ANSWER }, { onKeyPoint: () => reportFirst() });
    expect(result.grader).toEqual({ kind: "llm", model: "fake-model" });
    expect(chatCalls()).toBe(1);
    expect(result.keyPoints.find((k) => k.id === points[0]!.id)?.verdict).toBe("covered");
  });

  test("a server where no mode works falls back to the local judge with our reason, after one call per mode", async () => {
    fake.setStructuredSupport("tools");
    fake.setDefault({ kind: "invalid-json" }); // tool arguments that are not JSON either
    const result = await judge().grade({ question, points, answer: ANSWER });
    expect(result.grader).toEqual({ kind: "local", fallbackCode: "llm_bad_output", fallbackReason: "the grading model's reply could not be used" });
    expect(modesAsked()).toEqual(["json_schema", "json_object", "tool", "tool"]);
  });
});
