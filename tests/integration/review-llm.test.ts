import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findQuestion } from "@/lib/bank/load";
import type { RehearseDataParts, RehearseMessage } from "@/lib/interview/protocol";
import { defaultResponder, type ChatRequest, type FakeOpenAI } from "../support/fake-openai";
import { configureFakeLlm } from "../support/fake-llm";
import { identityCookie, useTestDatabase } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";
import { seedSession } from "../support/progress-seed";

/** "Review now" with a model configured: review questions are reworded for the due point, checked, or fall back. */

const DAY = 86_400_000;
const QUERYSETS = "django/orm-querysets-common-operations";
const FLASK_SESSIONS = "flask/manage-sessions-cookies";
const REWORDED = "At what moment does a Django QuerySet actually run its SQL against the database?";

function lastUserText(request: ChatRequest): string {
  const content = request.messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  return typeof content === "string" ? content : content.map((c) => c.text ?? "").join("");
}

/**
 * The model rewords the querysets point well, and answers the Flask one with a question that gives
 * the point away (rejected by the check). Everything else (grading, follow-ups) as the fake does.
 */
function responder(request: ChatRequest): unknown {
  const text = lastUserText(request);
  if (text.includes("Point to check: QuerySets are lazy")) return REWORDED;
  if (text.includes("Point to check: Flask uses secure cookies")) return "Is it true that Flask uses secure cookies for sessions?";
  return defaultResponder(request);
}

describe("review sessions with an LLM configured", () => {
  useTestDatabase("pglite");
  let fake: FakeOpenAI;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ fake, close } = await configureFakeLlm());
    fake.setDefault({ kind: "ok", respond: responder });
  });
  afterAll(() => close());

  it("asks the reworded question for the due point, grades against the bank question, and falls back when the wording fails the check", async () => {
    const identity = randomUUID();
    await seedSession(identity, "all", [
      { questionId: QUERYSETS, answer: "it is a list", score: 2, verdicts: ["missed"], answeredAt: new Date(Date.now() - 6 * DAY) },
      { questionId: FLASK_SESSIONS, answer: "cookies", score: 2, verdicts: ["missed"], answeredAt: new Date(Date.now() - 4 * DAY) },
    ]);
    const browser = new Browser();
    browser.cookie = identityCookie(identity);

    const created = await browser.createSession({ review: true });
    expect(created.status).toBe(201);
    const { session, messages } = (await created.json()) as { session: { id: string }; messages: RehearseMessage[] };
    const first = (messages[0]!.parts.find((p) => p.type === "data-question") as { data: RehearseDataParts["question"] }).data;
    // The model was asked about the due point, and its wording is what the candidate sees.
    expect(JSON.stringify(fake.chatRequests())).toContain("Point to check: QuerySets are lazy (evaluated on access)");
    expect(first).toMatchObject({ questionId: QUERYSETS, text: REWORDED, title: findQuestion(QUERYSETS)!.title });

    // Graded by the model against the bank question's reference, not the reworded text.
    const graded = await browser.say(session.id, "answer", "Only when you iterate it, slice it with a step or call list() on it: QuerySets are lazy.");
    const assessment = dataOf(graded, "assessment")[0]!;
    expect(assessment.assessment.grader.kind).toBe("llm");
    expect(assessment.reference.questionId).toBe(QUERYSETS);

    // Move past any follow-up to the next planned question: its reworded wording restated the point, so the bank question is asked.
    const next = dataOf(graded, "question").find((q) => q.kind === "main") ?? dataOf(await browser.say(session.id, "next"), "question")[0]!;
    expect(next).toMatchObject({ questionId: FLASK_SESSIONS, kind: "main", text: findQuestion(FLASK_SESSIONS)!.title });

    const ended = await browser.say(session.id, "skip");
    expect(dataOf(ended, "summary")[0]!.questions.map((q) => q.questionId)).toEqual([QUERYSETS, FLASK_SESSIONS]);
  });
});
