import { Rating } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { keyPointKey } from "@/lib/progress/records";
import { dueKeyPoints, ratingFor, scheduleFromAttempts } from "@/lib/progress/scheduling";
import { attempt, daysAfter, kp, T0 } from "../support/progress-fixtures";

describe("ratingFor", () => {
  it("maps verdicts to FSRS grades", () => {
    expect(ratingFor(kp("a", "covered"), 7)).toBe(Rating.Good);
    expect(ratingFor(kp("a", "covered"), 9)).toBe(Rating.Easy);
    expect(ratingFor(kp("a", "partial"), 7)).toBe(Rating.Hard);
    expect(ratingFor(kp("a", "missed"), 7)).toBe(Rating.Again);
    expect(ratingFor(kp("a", "contradicted"), 9)).toBe(Rating.Again);
  });

  it("treats a point recovered only after a follow-up as hard, however good the answer", () => {
    expect(ratingFor(kp("a", "covered", { recoveredAfterFollowUp: true }), 10)).toBe(Rating.Hard);
    expect(ratingFor(kp("a", "missed", { recoveredAfterFollowUp: true }), 3)).toBe(Rating.Hard);
  });
});

describe("scheduleFromAttempts", () => {
  it("brings a missed point back sooner than a covered one", () => {
    const states = scheduleFromAttempts([attempt({ questionId: "django/orm", keyPoints: [kp("lazy", "missed"), kp("join", "covered")] })]);
    const missed = states.get(keyPointKey("django/orm", "lazy"))!;
    const covered = states.get(keyPointKey("django/orm", "join"))!;
    expect(missed.due.getTime()).toBeGreaterThan(T0.getTime());
    expect(missed.due.getTime()).toBeLessThan(covered.due.getTime());
  });

  it("spaces a point further out each time it is covered again on time", () => {
    let history = [attempt({ questionId: "q/a", keyPoints: [kp("p", "covered")] })];
    const intervals: number[] = [];
    for (let i = 0; i < 3; i++) {
      const state = scheduleFromAttempts(history).get(keyPointKey("q/a", "p"))!;
      intervals.push(state.due.getTime() - state.lastReview.getTime());
      history = [...history, attempt({ questionId: "q/a", answeredAt: state.due, keyPoints: [kp("p", "covered")] })];
    }
    expect(intervals[1]!).toBeGreaterThan(intervals[0]!);
    expect(intervals[2]!).toBeGreaterThan(intervals[1]!);
  });

  it("counts a lapse when a learnt point is missed, and shortens its interval", () => {
    const learnt = [
      attempt({ questionId: "q/a", keyPoints: [kp("p", "covered")] }),
      attempt({ questionId: "q/a", answeredAt: daysAfter(3), keyPoints: [kp("p", "covered")] }),
    ];
    const before = scheduleFromAttempts(learnt).get(keyPointKey("q/a", "p"))!;
    const after = scheduleFromAttempts([...learnt, attempt({ questionId: "q/a", answeredAt: before.due, keyPoints: [kp("p", "missed")] })]).get(
      keyPointKey("q/a", "p"),
    )!;
    expect(after.lapses).toBe(before.lapses + 1);
    expect(after.due.getTime() - after.lastReview.getTime()).toBeLessThan(before.due.getTime() - before.lastReview.getTime());
    expect(after.lastVerdict).toBe("missed");
  });

  it("replays attempts in time order whatever order they are given in", () => {
    const a = attempt({ questionId: "q/a", keyPoints: [kp("p", "missed")] });
    const b = attempt({ questionId: "q/a", answeredAt: daysAfter(2), keyPoints: [kp("p", "covered")] });
    expect(scheduleFromAttempts([b, a])).toEqual(scheduleFromAttempts([a, b]));
  });

  it("keeps same-named points of different questions apart", () => {
    const states = scheduleFromAttempts([
      attempt({ questionId: "q/a", keyPoints: [kp("1", "missed")] }),
      attempt({ questionId: "q/b", keyPoints: [kp("1", "covered")] }),
    ]);
    expect(states.size).toBe(2);
    expect(states.get(keyPointKey("q/a", "1"))!.lastVerdict).toBe("missed");
    expect(states.get(keyPointKey("q/b", "1"))!.lastVerdict).toBe("covered");
  });
});

describe("dueKeyPoints", () => {
  const states = scheduleFromAttempts([
    attempt({ questionId: "q/a", keyPoints: [kp("missed", "missed"), kp("covered", "covered")] }),
    attempt({ questionId: "q/b", answeredAt: daysAfter(1), keyPoints: [kp("missed-later", "missed")] }),
  ]);

  it("has nothing due right after answering", () => {
    expect(dueKeyPoints(states.values(), T0)).toEqual([]);
  });

  it("has the missed points due when the candidate comes back days later, most overdue first", () => {
    const due = dueKeyPoints(states.values(), daysAfter(2.5));
    expect(due.map((d) => d.keyPointId)).toEqual(["missed", "missed-later"]);
    expect(due[0]!.overdueDays).toBeGreaterThan(due[1]!.overdueDays);
  });

  it("eventually has the covered point due too", () => {
    expect(dueKeyPoints(states.values(), daysAfter(60)).map((d) => d.keyPointId)).toContain("covered");
  });
});
