import { MockLanguageModelV4 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { overrideModelsForTests } from "@/lib/ai/providers";
import type { Question } from "@/lib/bank/schema";
import { checkRewordedQuestion, reviewQuestionFor } from "@/lib/progress/reword";

const question: Question = {
  id: "django/querysets",
  track: "django",
  title: "What is a QuerySet and when is it evaluated?",
  answer: "A QuerySet is lazy: it does not hit the database until it is iterated, sliced with a step, or evaluated by list().",
  keyPoints: ["QuerySets are lazy and evaluated only when iterated"],
  keyPointsLabel: "Key Points",
  source: { file: "content/web-frameworks.md", line: 1 },
};
const point = question.keyPoints[0]!;

function modelSaying(text: string) {
  return new MockLanguageModelV4({
    doGenerate: {
      content: [{ type: "text", text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 10, text: 10, reasoning: 0 } },
      warnings: [],
    },
  });
}

let restore: (() => void) | undefined;
afterEach(() => restore?.());

describe("checkRewordedQuestion", () => {
  it("accepts a question about the point that does not give it away", () => {
    expect(checkRewordedQuestion("At what moment does a Django QuerySet actually run its SQL?", point, question.answer)).toEqual({ ok: true });
  });

  it("rejects a question about something else", () => {
    expect(checkRewordedQuestion("How do you configure static files in production?", point, question.answer)).toMatchObject({ ok: false });
  });

  it("rejects a question that restates the point", () => {
    expect(checkRewordedQuestion("Is it true that querysets are lazy and only evaluated when iterated?", point, question.answer)).toMatchObject({
      ok: false,
      reason: "restates the key point",
    });
  });

  it("rejects a question that copies the reference answer", () => {
    expect(checkRewordedQuestion("Why does it not hit the database until it is iterated, in Django?", point, question.answer)).toMatchObject({
      ok: false,
      reason: "copies the reference answer",
    });
  });

  it("rejects text that is not a question", () => {
    expect(checkRewordedQuestion("Tell me about QuerySet evaluation.", point, question.answer)).toMatchObject({ ok: false });
  });
});

describe("reviewQuestionFor", () => {
  it("asks the bank question when no LLM is configured", async () => {
    restore = overrideModelsForTests({ interviewer: null });
    expect(await reviewQuestionFor(question, point)).toEqual({ text: question.title, source: "bank", fallbackReason: "no LLM configured" });
  });

  it("asks the model's question when it passes the check, and tells the model the point", async () => {
    const model = modelSaying("At what moment does a Django QuerySet actually run its SQL?");
    restore = overrideModelsForTests({ interviewer: { model, modelId: "mock" } });
    expect(await reviewQuestionFor(question, point)).toEqual({ text: "At what moment does a Django QuerySet actually run its SQL?", source: "llm" });
    expect(JSON.stringify(model.doGenerateCalls[0]!.prompt)).toContain(point);
  });

  it("falls back to the bank question when the model leaks the answer", async () => {
    restore = overrideModelsForTests({ interviewer: { model: modelSaying("Querysets are lazy and evaluated only when iterated, right?"), modelId: "mock" } });
    const q = await reviewQuestionFor(question, point);
    expect(q.source).toBe("bank");
    expect(q.text).toBe(question.title);
    expect(q.fallbackReason).toMatch(/rejected/);
  });

  it("falls back to the bank question when the model fails", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        throw new Error("503 upstream");
      },
    });
    restore = overrideModelsForTests({ interviewer: { model, modelId: "mock" } });
    // Our sentence, never the provider's text (that goes to the log only).
    expect(await reviewQuestionFor(question, point)).toEqual({
      text: question.title,
      source: "bank",
      fallbackReason: "the interviewer model could not be used",
    });
  });
});
