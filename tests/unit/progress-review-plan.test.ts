import { MockLanguageModelV4 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { overrideModelsForTests } from "@/lib/ai/providers";
import { getBank } from "@/lib/bank/load";
import { nextStep, firstStep, type InterviewSnapshot } from "@/lib/interview/state-machine";
import type { Assessment } from "@/lib/grading/assessment";
import { planFromQueue, reviewQueueAt, withReviewPrompts } from "@/lib/progress/review-plan";
import { attempt, daysAfter, kp } from "../support/progress-fixtures";

const [django1, django2] = getBank().filter((q) => q.track === "django");
const flask1 = getBank().find((q) => q.track === "flask")!;

/**
 * Three questions answered on different days. A missed point comes due a day after the answer, a
 * covered one three days after (FSRS without short-term steps), so at the end of day 2 only misses are due.
 */
const history = [
  attempt({ questionId: flask1.id, track: "flask", answeredAt: daysAfter(0), keyPoints: [kp("kp1", "missed"), kp("kp2", "covered")] }),
  attempt({ questionId: django1!.id, answeredAt: daysAfter(1), keyPoints: [kp("kp1", "covered"), kp("kp2", "contradicted"), kp("kp3", "missed")] }),
  attempt({ questionId: django2!.id, answeredAt: daysAfter(1.2), keyPoints: [kp("kp1", "missed")] }),
  attempt({ questionId: "django/no-longer-in-the-bank", answeredAt: daysAfter(0), keyPoints: [kp("kp1", "missed")] }),
];

describe("reviewQueueAt and planFromQueue", () => {
  it("plans one question per bank question with due points, most overdue first, targeting only the due points", () => {
    const plan = planFromQueue(reviewQueueAt(history, daysAfter(2)));
    expect(plan).toEqual([
      { questionId: flask1.id, targetPointIds: ["kp1"] },
      { questionId: django1!.id, targetPointIds: ["kp2", "kp3"] },
      { questionId: django2!.id, targetPointIds: ["kp1"] },
    ]);
  });

  it("plans nothing before anything is due, and counts points due later today as due", () => {
    expect(planFromQueue(reviewQueueAt(history, daysAfter(0)))).toEqual([]);
    // A missed point comes due one day after the answer (FSRS, no short-term steps): the next
    // morning at 00:01 UTC it is due "today" though its exact time is 10:00.
    const nextMorning = new Date(daysAfter(1).toISOString().slice(0, 10) + "T00:01:00.000Z");
    expect(planFromQueue(reviewQueueAt(history, nextMorning)).map((p) => p.questionId)).toEqual([flask1.id]);
  });

  it("keeps to one track when asked, and to the session limit", () => {
    expect(planFromQueue(reviewQueueAt(history, daysAfter(2), "django")).map((p) => p.questionId)).toEqual([django1!.id, django2!.id]);
    expect(planFromQueue(reviewQueueAt(history, daysAfter(2)), 2)).toHaveLength(2);
  });
});

describe("withReviewPrompts", () => {
  let restore: (() => void) | undefined;
  afterEach(() => restore?.());

  const queue = reviewQueueAt(history, daysAfter(2));
  const plan = planFromQueue(queue);

  it("leaves the bank questions without an LLM", async () => {
    restore = overrideModelsForTests({ interviewer: null });
    expect(await withReviewPrompts(plan, queue)).toEqual(plan);
  });

  it("asks the model about each question's most overdue point and keeps wordings that pass the check", async () => {
    const calls: string[] = [];
    const model = new MockLanguageModelV4({
      doGenerate: async (options) => {
        const prompt = JSON.stringify(options.prompt);
        calls.push(prompt);
        // Mentions the point's own words ("point kp2") without restating it.
        const point = /Point to check: (point \w+)/.exec(prompt)?.[1] ?? "it";
        const text = `In your own experience, when does ${point.split(" ")[1]} matter, and why?`;
        return {
          content: [{ type: "text", text }],
          finishReason: { unified: "stop", raw: "stop" },
          usage: { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } },
          warnings: [],
        };
      },
    });
    restore = overrideModelsForTests({ interviewer: { model, modelId: "mock" } });
    const worded = await withReviewPrompts(plan, queue);
    expect(worded.map((p) => p.questionId)).toEqual(plan.map((p) => p.questionId));
    expect(worded[1]!.prompt).toBe("In your own experience, when does kp2 matter, and why?");
    expect(calls.some((c) => c.includes("Point to check: point kp2"))).toBe(true);
  });

  it("asks the bank question when the model fails", async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        throw new Error("503 upstream");
      },
    });
    restore = overrideModelsForTests({ interviewer: { model, modelId: "mock" } });
    expect((await withReviewPrompts(plan, queue)).every((p) => p.prompt === undefined)).toBe(true);
  });
});

describe("a review session's state machine", () => {
  const plan = [
    { questionId: "q/b", targetPointIds: ["kp2"], prompt: "Reworded b?" },
    { questionId: "q/a", targetPointIds: ["kp1"] },
  ];
  const snapshot = (asked: string[]): InterviewSnapshot => ({
    mode: "practice",
    phase: "awaiting_answer",
    total: plan.length,
    available: ["q/a", "q/b", "q/c"],
    asked,
    current: asked.length ? { questionId: asked.at(-1)!, kind: "main", followUps: 0, covered: [] } : null,
    plan,
  });
  const strong = { score: 9, keyPoints: [], offTopic: false, injectionDetected: false } as unknown as Assessment;

  it("asks the planned questions in order, with their wording and targets, then ends", () => {
    expect(firstStep(snapshot([]), 0.99)).toEqual({ type: "ask", questionId: "q/b", prompt: "Reworded b?", targets: ["kp2"] });
    expect(nextStep({ ...snapshot(["q/b"]), phase: "grading" }, { type: "graded", assessment: strong, refused: false }, 0.99)).toEqual({
      type: "ask",
      questionId: "q/a",
      targets: ["kp1"],
    });
    expect(nextStep(snapshot(["q/b", "q/a"]), { type: "skip" }, 0)).toEqual({ type: "end", reason: "completed" });
  });

  it("a skipped planned question still counts as asked", () => {
    expect(nextStep(snapshot(["q/b"]), { type: "skip" }, 0)).toMatchObject({ type: "ask", questionId: "q/a" });
  });
});
