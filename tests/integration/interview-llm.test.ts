import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RehearseMessage } from "@/lib/interview/protocol";
import type { FakeOpenAI } from "../support/fake-openai";
import { configureFakeLlm } from "../support/fake-llm";
import { useTestDatabase } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";

/** The interview with a model configured: an OpenAI-compatible fake server stands in for the provider. */
describe("interview with an LLM configured", () => {
  useTestDatabase("pglite");
  let fake: FakeOpenAI;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, close } = await configureFakeLlm());
  });
  afterAll(() => close());

  async function start(browser: Browser): Promise<string> {
    const created = await browser.createSession({ track: "flask", mode: "practice", questionId: "flask/routing-blueprints" });
    return ((await created.json()) as { session: { id: string }; messages: RehearseMessage[] }).session.id;
  }

  it("writes the answer to a candidate's question from the retrieved passages and cites them", async () => {
    const browser = new Browser();
    const sessionId = await start(browser);
    const before = fake.chatRequests().length;
    const chunks = await browser.say(sessionId, "ask", "How do Jinja2 templates escape HTML?");
    const answers = dataOf(chunks, "groundedAnswer");
    const final = answers.at(-1)!;
    expect(final.grounded).toBe("llm");
    expect(final.text).toContain("[1]");
    expect(final.sources.length).toBeGreaterThan(0);
    // The model saw the passages it cites.
    const prompt = JSON.stringify(fake.chatRequests().slice(before));
    for (const source of final.sources) expect(prompt).toContain(JSON.stringify(source.passage.split("\n")[0]).slice(1, -1));
  });

  it("quotes the passages when the model fails", async () => {
    const browser = new Browser();
    const sessionId = await start(browser);
    fake.queue({ kind: "error", status: 500 });
    const chunks = await browser.say(sessionId, "ask", "How do Jinja2 templates escape HTML?");
    const final = dataOf(chunks, "groundedAnswer").at(-1)!;
    expect(final.grounded).toBe("passages");
    expect(final.text).toContain("> ");
  });

  it("grades with the model and probes what the answer missed", async () => {
    const browser = new Browser();
    const sessionId = await start(browser);
    const chunks = await browser.say(sessionId, "answer", "Routing maps URLs to view functions with the route decorator.");
    const assessment = dataOf(chunks, "assessment")[0]!;
    expect(assessment.assessment.grader).toMatchObject({ kind: "llm" });
    const probe = dataOf(chunks, "question")[0]!;
    expect(probe.kind).toBe("followUp");
    expect(probe.text.length).toBeGreaterThan(0);
  });
});
