import { describe, expect, it } from "vitest";
import type { Verdict } from "@/lib/grading/assessment";
import { computeScore, countWrongIdeas } from "@/lib/grading/score";

const points = (verdicts: Verdict[], core = true) => verdicts.map((verdict) => ({ core, verdict }));
const all = { explainsWhy: true, givesExample: true, discussesTradeOff: true };

describe("computeScore", () => {
  it("is monotone in coverage", () => {
    const scores = [0, 1, 2, 3, 4].map(
      (n) => computeScore({ verdicts: points([...Array(n).fill("covered"), ...Array(4 - n).fill("missed")]), wrongIdeas: 0 }).score,
    );
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBe(0);
  });

  it("keeps 9–10 for answers with depth: full coverage alone is 'most points, no errors'", () => {
    const flat = computeScore({ verdicts: points(["covered", "covered", "covered", "covered"]), wrongIdeas: 0 }).score;
    const deep = computeScore({ verdicts: points(["covered", "covered", "covered", "covered"]), wrongIdeas: 0, depth: all }).score;
    expect(flat).toBeGreaterThanOrEqual(7);
    expect(flat).toBeLessThanOrEqual(8);
    expect(deep).toBeGreaterThanOrEqual(9);
  });

  it("gives depth little when coverage is low: explaining the wrong thing well is still the wrong thing", () => {
    const low = points(["covered", "missed", "missed", "missed"]);
    const gain = computeScore({ verdicts: low, wrongIdeas: 0, depth: all }).score - computeScore({ verdicts: low, wrongIdeas: 0 }).score;
    expect(gain).toBeLessThanOrEqual(1);
  });

  it("weights core points more than extra points, and one partly covered extra point does not saturate", () => {
    const coreOnly = computeScore({ verdicts: [...points(["covered", "covered"]), ...points(["missed", "missed"], false)], wrongIdeas: 0 });
    const extraOnly = computeScore({ verdicts: [...points(["missed", "missed"]), ...points(["covered", "covered"], false)], wrongIdeas: 0 });
    expect(coreOnly.score).toBeGreaterThan(extraOnly.score);
    const base = [...points(["covered", "covered", "partial", "missed"])];
    const withPartialExtra = computeScore({ verdicts: [...base, ...points(["partial", "missed", "missed", "missed"], false)], wrongIdeas: 0 }).score;
    const withAllExtra = computeScore({ verdicts: [...base, ...points(["covered", "covered", "covered", "covered"], false)], wrongIdeas: 0 }).score;
    expect(withAllExtra).toBeGreaterThan(withPartialExtra);
  });

  it("makes a wrong idea cost more than silence, and caps it", () => {
    const missed = computeScore({ verdicts: points(["covered", "covered", "covered", "missed"]), wrongIdeas: 0 });
    const wrong = computeScore({ verdicts: points(["covered", "covered", "covered", "contradicted"]), wrongIdeas: 1 });
    expect(wrong.score).toBeLessThan(missed.score);
    expect(computeScore({ verdicts: points(["covered", "covered", "covered", "covered"]), wrongIdeas: 1, depth: all }).score).toBeLessThanOrEqual(6);
    expect(computeScore({ verdicts: points(["covered", "covered", "covered", "covered"]), wrongIdeas: 2, depth: all }).score).toBeLessThanOrEqual(4);
  });

  it("caps off-topic answers at 1", () => {
    expect(computeScore({ verdicts: points(["covered", "covered", "partial"]), wrongIdeas: 0, offTopic: true }).score).toBeLessThanOrEqual(1);
  });
});

describe("countWrongIdeas", () => {
  const claim = "update() sends post_save for every row";
  it("charges one wrong idea once, however a judge splits it", () => {
    const verdicts = [
      { verdict: "contradicted" as const, evidence: claim },
      { verdict: "covered" as const, evidence: "signals decouple apps" },
    ];
    expect(countWrongIdeas(verdicts, [{ claim, correction: "It does not.", referenceIsWrong: false }])).toBe(1);
    expect(countWrongIdeas(verdicts, [{ claim: "signals run in a background thread", correction: "They run synchronously.", referenceIsWrong: false }])).toBe(
      2,
    );
  });
  it("never charges where the reference is wrong", () => {
    expect(countWrongIdeas([], [{ claim: "the session is a signed cookie", correction: "x", referenceIsWrong: true }])).toBe(0);
  });
});
