import { describe, expect, it } from "vitest";
import type { Verdict } from "@/lib/grading/assessment";
import { computeScore, countWrongIdeas } from "@/lib/grading/score";

const points = (verdicts: Verdict[], core = true) => verdicts.map((verdict) => ({ core, verdict }));
const deep = { explainsWhy: true, givesExample: true, discussesTradeOff: true };

/** Distinct content words spent on the question: a two-sentence answer, and one that walks through every point. */
const BRIEF = 20;
const FULL = 120;

describe("computeScore", () => {
  it("is monotone in coverage", () => {
    const scores = [0, 1, 2, 3, 4].map(
      (n) => computeScore({ verdicts: points([...Array(n).fill("covered"), ...Array(4 - n).fill("missed")]), wrongIdeas: 0, elaboration: FULL }).score,
    );
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBe(0);
  });

  it("gives the same points more when they are explained than when they are named", () => {
    const all = points(["covered", "covered", "covered", "covered"]);
    const named = computeScore({ verdicts: all, wrongIdeas: 0, elaboration: BRIEF }).score;
    const explained = computeScore({ verdicts: all, wrongIdeas: 0, elaboration: FULL }).score;
    expect(explained).toBeGreaterThanOrEqual(9);
    expect(named).toBeLessThan(explained);
    expect(named).toBeGreaterThanOrEqual(5);
  });

  it("lets elaboration earn nothing without coverage, and little with low coverage", () => {
    expect(computeScore({ verdicts: points(["missed", "missed", "missed", "missed"]), wrongIdeas: 0, elaboration: 500 }).score).toBe(0);
    const low = points(["partial", "missed", "missed", "missed"]);
    const gain =
      computeScore({ verdicts: low, wrongIdeas: 0, elaboration: 500 }).score - computeScore({ verdicts: low, wrongIdeas: 0, elaboration: BRIEF }).score;
    expect(gain).toBeLessThanOrEqual(1);
  });

  it("saturates: past a full walk-through, more words earn nothing", () => {
    const all = points(["covered", "covered", "covered", "partial"]);
    expect(computeScore({ verdicts: all, wrongIdeas: 0, elaboration: 2000 }).score).toBe(
      computeScore({ verdicts: all, wrongIdeas: 0, elaboration: 400 }).score,
    );
  });

  it("weights core points more than extra points, and one partly covered extra point does not saturate", () => {
    const coreOnly = computeScore({ verdicts: [...points(["covered", "covered"]), ...points(["missed", "missed"], false)], wrongIdeas: 0, elaboration: FULL });
    const extraOnly = computeScore({ verdicts: [...points(["missed", "missed"]), ...points(["covered", "covered"], false)], wrongIdeas: 0, elaboration: FULL });
    expect(coreOnly.score).toBeGreaterThan(extraOnly.score);
    const base = [...points(["covered", "covered", "partial", "missed"])];
    const withPartialExtra = computeScore({
      verdicts: [...base, ...points(["partial", "missed", "missed", "missed"], false)],
      wrongIdeas: 0,
      elaboration: FULL,
    }).score;
    const withAllExtra = computeScore({
      verdicts: [...base, ...points(["covered", "covered", "covered", "covered"], false)],
      wrongIdeas: 0,
      elaboration: FULL,
    }).score;
    expect(withAllExtra).toBeGreaterThan(withPartialExtra);
  });

  it("makes a wrong idea cost more than silence, and caps it", () => {
    const missed = computeScore({ verdicts: points(["covered", "covered", "covered", "missed"]), wrongIdeas: 0, elaboration: FULL });
    const wrong = computeScore({ verdicts: points(["covered", "covered", "covered", "contradicted"]), wrongIdeas: 1, elaboration: FULL });
    expect(wrong.score).toBeLessThan(missed.score);
    const all = points(["covered", "covered", "covered", "covered"]);
    expect(computeScore({ verdicts: all, wrongIdeas: 1, depth: deep, elaboration: FULL }).score).toBeLessThanOrEqual(6);
    expect(computeScore({ verdicts: all, wrongIdeas: 2, depth: deep, elaboration: FULL }).score).toBeLessThanOrEqual(4);
  });

  it("caps off-topic answers at 1", () => {
    expect(computeScore({ verdicts: points(["covered", "covered", "partial"]), wrongIdeas: 0, offTopic: true, elaboration: FULL }).score).toBeLessThanOrEqual(
      1,
    );
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
