import { describe, expect, it } from "vitest";
import { keyPointsMissedMost, scoreSeriesByTrack } from "@/lib/progress/history";
import { attempt, daysAfter, kp } from "../support/progress-fixtures";

describe("keyPointsMissedMost", () => {
  const attempts = [
    attempt({ questionId: "q/a", keyPoints: [kp("x", "missed"), kp("y", "covered")] }),
    attempt({ questionId: "q/a", answeredAt: daysAfter(1), keyPoints: [kp("x", "contradicted"), kp("y", "missed")] }),
    attempt({ questionId: "q/b", answeredAt: daysAfter(2), keyPoints: [kp("z", "missed"), kp("w", "partial")] }),
  ];

  it("ranks by misses (contradicted counts), ties by the most recent miss, never lists points not missed", () => {
    const missed = keyPointsMissedMost(attempts);
    expect(missed.map((m) => `${m.questionId}#${m.keyPointId}`)).toEqual(["q/a#x", "q/b#z", "q/a#y"]);
    expect(missed[0]).toMatchObject({ missed: 2, judged: 2 });
    expect(missed[2]).toMatchObject({ missed: 1, judged: 2 });
  });

  it("honours the limit", () => {
    expect(keyPointsMissedMost(attempts, 1)).toHaveLength(1);
  });
});

describe("scoreSeriesByTrack", () => {
  it("averages each UTC day's answers per track, oldest day first", () => {
    const series = scoreSeriesByTrack([
      attempt({ questionId: "q/a", answeredAt: daysAfter(1), score: 8, keyPoints: [] }),
      attempt({ questionId: "q/a", score: 4, keyPoints: [] }),
      attempt({ questionId: "q/a", score: 7, keyPoints: [] }),
      attempt({ questionId: "f/a", track: "flask", score: 9, keyPoints: [] }),
    ]);
    expect(series.django).toEqual([
      { day: "2026-03-02", average: 5.5, answers: 2 },
      { day: "2026-03-03", average: 8, answers: 1 },
    ]);
    expect(series.flask).toEqual([{ day: "2026-03-02", average: 9, answers: 1 }]);
    expect(series.fastapi).toBeUndefined();
  });
});
