import { describe, expect, it } from "vitest";
import { buildReviewQueue } from "@/lib/progress/review-queue";
import { dueKeyPoints, scheduleFromAttempts } from "@/lib/progress/scheduling";
import { attempt, daysAfter, kp } from "../support/progress-fixtures";

const titles: Record<string, string> = { "q/a": "Question A", "q/b": "Question B" };
const titleOf = (id: string) => titles[id];

describe("buildReviewQueue", () => {
  const states = scheduleFromAttempts([
    attempt({ questionId: "q/b", answeredAt: daysAfter(1), keyPoints: [kp("b1", "missed")] }),
    attempt({ questionId: "q/a", keyPoints: [kp("a1", "missed"), kp("a2", "contradicted")] }),
    attempt({ questionId: "q/gone", keyPoints: [kp("g1", "missed")] }),
  ]);
  const due = dueKeyPoints(states.values(), daysAfter(5));

  it("lists each question once with every due point it tests", () => {
    const queue = buildReviewQueue(due, titleOf);
    expect(queue.map((q) => q.questionId)).toEqual(["q/a", "q/b"]);
    expect(queue[0]!.keyPoints.map((p) => p.keyPointId).sort()).toEqual(["a1", "a2"]);
    expect(queue[0]!.title).toBe("Question A");
  });

  it("puts the most overdue question first", () => {
    const queue = buildReviewQueue(due, titleOf);
    expect(queue[0]!.due.getTime()).toBeLessThan(queue[1]!.due.getTime());
  });

  it("drops questions no longer in the bank and honours the limit", () => {
    expect(buildReviewQueue(due, titleOf).some((q) => q.questionId === "q/gone")).toBe(false);
    expect(buildReviewQueue(due, titleOf, 1)).toHaveLength(1);
  });
});
