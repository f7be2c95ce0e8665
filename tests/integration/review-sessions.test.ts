import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findQuestion } from "@/lib/bank/load";
import { listAttempts } from "@/lib/progress/stored-records";
import { resetEnvForTests } from "@/lib/env";
import type { RehearseDataParts, RehearseMessage } from "@/lib/interview/protocol";
import { scheduleFromAttempts } from "@/lib/progress/scheduling";
import { identityCookie, useTestDatabase } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";
import { seedSession } from "../support/progress-seed";

/** "Review now" over the real routes on PGlite, offline (no LLM: the bank questions are asked). */

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const QUERYSETS = "django/orm-querysets-common-operations";
const SIGNALS = "django/signals";
const FLASK_SESSIONS = "flask/manage-sessions-cookies";

function browserOf(identityId: string): Browser {
  const browser = new Browser();
  browser.cookie = identityCookie(identityId);
  return browser;
}

function questionOf(messages: RehearseMessage[]): RehearseDataParts["question"] {
  const part = messages.flatMap((m) => m.parts).find((p) => p.type === "data-question") as { data: RehearseDataParts["question"] } | undefined;
  if (!part) throw new Error("no question in the opening message");
  return part.data;
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("review sessions from due key points", () => {
  useTestDatabase("pglite");

  it("asks exactly the due questions, most overdue first, aimed at the due points, then sums up; its verdicts reschedule", async () => {
    const started = new Date();
    const alice = randomUUID();
    // Signals was missed longest ago, so it is the most overdue; querysets' covered point is not due yet.
    await seedSession(alice, "django", [{ questionId: SIGNALS, answer: "no idea", score: 1, verdicts: ["missed"], answeredAt: daysAgo(6) }]);
    await seedSession(alice, "django", [
      { questionId: QUERYSETS, answer: "lazy", score: 4, verdicts: ["covered", "missed", "contradicted"], answeredAt: daysAgo(2) },
    ]);
    const browser = browserOf(alice);

    const created = await browser.createSession({ review: true });
    expect(created.status).toBe(201);
    const { session, messages } = (await created.json()) as { session: { id: string; mode: string; questionCount: number }; messages: RehearseMessage[] };
    expect(session).toMatchObject({ mode: "practice", questionCount: 2 });

    const first = questionOf(messages);
    expect(first).toMatchObject({ questionId: SIGNALS, index: 1, total: 2, kind: "main", targets: ["kp1"] });
    // Without an LLM the bank question is asked as written.
    expect(first.text).toBe(findQuestion(SIGNALS)!.title);

    const afterFirst = await browser.say(session.id, "dont-know");
    expect(dataOf(afterFirst, "assessment")[0]!.reference.questionId).toBe(SIGNALS);
    const second = dataOf(afterFirst, "question")[0]!;
    expect(second).toMatchObject({ questionId: QUERYSETS, index: 2, total: 2, kind: "main", targets: ["kp2", "kp3"] });

    const afterSecond = await browser.say(session.id, "dont-know");
    expect(dataOf(afterSecond, "question")).toEqual([]);
    const summary = dataOf(afterSecond, "summary")[0]!;
    expect(summary.questions.map((q) => q.questionId)).toEqual([SIGNALS, QUERYSETS]);

    // The review's verdicts feed the schedule like any answer: every point it judged was just
    // reviewed and is next due tomorrow, not now.
    const reviewed = [...scheduleFromAttempts(await listAttempts(alice)).values()].filter((s) => s.lastReview >= started);
    expect(new Set(reviewed.map((s) => s.questionId))).toEqual(new Set([SIGNALS, QUERYSETS]));
    for (const state of reviewed) expect(state.due.getTime()).toBeGreaterThan(Date.now());
  });

  it("answers 409 when nothing is due: a new browser, or answers too recent to review", async () => {
    const stranger = new Browser();
    const none = await stranger.createSession({ review: true });
    expect(none.status).toBe(409);
    expect((await errorOf(none)).code).toBe("conflict:review");

    const recent = randomUUID();
    await seedSession(recent, "flask", [{ questionId: FLASK_SESSIONS, answer: "cookies", score: 3, verdicts: ["missed"], answeredAt: new Date() }]);
    expect((await browserOf(recent).createSession({ review: true })).status).toBe(409);
  });

  it("never plans another identity's due points", async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    await seedSession(alice, "flask", [{ questionId: FLASK_SESSIONS, answer: "a", score: 3, verdicts: ["missed"], answeredAt: daysAgo(4) }]);
    await seedSession(bob, "django", [
      { questionId: QUERYSETS, answer: "b", score: 2, verdicts: ["missed"], answeredAt: daysAgo(9) },
      { questionId: SIGNALS, answer: "b", score: 2, verdicts: ["missed"], answeredAt: daysAgo(9) },
    ]);
    const created = await browserOf(alice).createSession({ review: true });
    const { session, messages } = (await created.json()) as { session: { questionCount: number }; messages: RehearseMessage[] };
    expect(session.questionCount).toBe(1);
    expect(questionOf(messages).questionId).toBe(FLASK_SESSIONS);
  });

  it("keeps to the track asked for", async () => {
    const carol = randomUUID();
    await seedSession(carol, "all", [
      { questionId: QUERYSETS, answer: "c", score: 2, verdicts: ["missed"], answeredAt: daysAgo(8) },
      { questionId: FLASK_SESSIONS, answer: "c", score: 2, verdicts: ["missed"], answeredAt: daysAgo(3) },
    ]);
    const created = await browserOf(carol).createSession({ review: true, track: "flask" });
    const { session, messages } = (await created.json()) as { session: { track: string; questionCount: number }; messages: RehearseMessage[] };
    expect(session).toMatchObject({ track: "flask", questionCount: 1 });
    expect(questionOf(messages).questionId).toBe(FLASK_SESSIONS);
  });

  it("uses the progress clock, so REHEARSE_CLOCK_OFFSET_DAYS brings answers due", async () => {
    const dave = randomUUID();
    await seedSession(dave, "flask", [{ questionId: FLASK_SESSIONS, answer: "d", score: 2, verdicts: ["missed"], answeredAt: new Date() }]);
    expect((await browserOf(dave).createSession({ review: true })).status).toBe(409);
    process.env.REHEARSE_CLOCK_OFFSET_DAYS = "3";
    resetEnvForTests();
    try {
      expect((await browserOf(dave).createSession({ review: true })).status).toBe(201);
    } finally {
      delete process.env.REHEARSE_CLOCK_OFFSET_DAYS;
      resetEnvForTests();
    }
  });

  it("still validates ordinary sessions as before", async () => {
    const browser = new Browser();
    const bad = await browser.createSession({ track: "rails", mode: "practice" });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "bad_request:session" });
    const badReview = await browser.createSession({ review: true, track: "rails" });
    expect(badReview.status).toBe(400);
  });
});
