import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askBank, askPrompt } from "@/lib/interview/ask";
import type { FakeOpenAI } from "../support/fake-openai";
import { configureFakeLlm } from "../support/fake-llm";

/** Asking with an LLM configured, through the real @ai-sdk/openai provider against the fake server. */
describe("ask with an LLM", () => {
  let fake: FakeOpenAI;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ fake, close } = await configureFakeLlm());
  });
  afterAll(() => close());

  function promptOf(request: ReturnType<FakeOpenAI["chatRequests"]>[number]): string {
    return request.messages
      .filter((m) => m.role === "user")
      .map((m) => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join("")))
      .join("\n");
  }

  it("writes the answer from the retrieved passages only and cites them", async () => {
    const query = "What's the difference between select_related and prefetch_related?";
    const before = fake.chatRequests().length;
    const result = await askBank(query);
    expect(result.writer).toBe("llm");
    expect(result.grounded).toBe(true);
    expect(result.answer).toContain("[1]");
    const requests = fake.chatRequests().slice(before);
    expect(requests).toHaveLength(1);
    // The prompt is exactly the passages the answer cites, and the question: nothing else of the bank.
    expect(promptOf(requests[0]!)).toBe(askPrompt(query, result.sources));
    expect(result.sources[0]!.id).toBe("django/orm-querysets-common-operations");
    expect(promptOf(requests[0]!)).not.toContain("cursor.execute");
    // The fake cites the first sentence of passage [1]: the answer rests on it.
    expect(result.answer).toContain(
      result.sources[0]!.passage.split("\n")[0]!
        .split(/(?<=[.!?])\s/)[0]!
        .trim(),
    );
    // The model is told to say when it goes beyond the bank.
    expect(JSON.stringify(requests[0])).toContain("Beyond the bank:");
  });

  it("out of bank: grounded stays false and no source is claimed", async () => {
    const result = await askBank("How do I configure Celery beat?");
    expect(result.grounded).toBe(false);
    expect(result.sources).toEqual([]);
  });

  it("falls back to the bank's own words when the model fails", async () => {
    fake.queue({ kind: "error", status: 500 });
    const result = await askBank("What's the difference between select_related and prefetch_related?");
    expect(result.writer).toBe("bank");
    expect(result.answer).toContain("prefetch_related('books')");
  });
});
