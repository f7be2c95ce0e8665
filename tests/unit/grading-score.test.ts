import { describe, expect, it } from "vitest";
import type { Verdict } from "@/lib/grading/assessment";
import { computeScore } from "@/lib/grading/score";

const answer = "Blueprints group routes into modules and url_for builds URLs from endpoint names, so templates never hard-code paths.";
const evidence = "Blueprints group routes into modules";
const points = (verdicts: Verdict[], core = true) => verdicts.map((verdict) => ({ core, verdict, evidence: verdict === "missed" ? "" : evidence }));

describe("computeScore", () => {
  it("is monotone in coverage", () => {
    const scores = [0, 1, 2, 3, 4].map((n) => computeScore({ verdicts: points([...Array(n).fill("covered"), ...Array(4 - n).fill("missed")]), errors: [], answer }).score);
    for (let i = 1; i < scores.length; i++) expect(scores[i]!).toBeGreaterThanOrEqual(scores[i - 1]!);
    expect(scores[0]).toBe(0);
    expect(scores[4]).toBeGreaterThanOrEqual(9);
  });

  it("weights core points more than extra points", () => {
    const coreOnly = computeScore({ verdicts: [...points(["covered", "covered"]), ...points(["missed", "missed"], false)], errors: [], answer });
    const extraOnly = computeScore({ verdicts: [...points(["missed", "missed"]), ...points(["covered", "covered"], false)], errors: [], answer });
    expect(coreOnly.score).toBeGreaterThan(extraOnly.score);
  });

  it("makes a contradicted core point cost more than a missed one", () => {
    const missed = computeScore({ verdicts: points(["covered", "covered", "covered", "missed"]), errors: [], answer });
    const contradicted = computeScore({ verdicts: points(["covered", "covered", "covered", "contradicted"]), errors: [{ claim: evidence, correction: "x", referenceIsWrong: false }], answer });
    expect(contradicted.score).toBeLessThan(missed.score);
    expect(contradicted.score).toBeLessThanOrEqual(4);
  });

  it("does not charge for errors where the reference is wrong", () => {
    const base = computeScore({ verdicts: points(["covered", "covered", "covered"]), errors: [], answer });
    const refWrong = computeScore({ verdicts: points(["covered", "covered", "covered"]), errors: [{ claim: evidence, correction: "x", referenceIsWrong: true }], answer });
    expect(refWrong.score).toBe(base.score);
  });

  it("caps off-topic answers at 1 and injection attempts at 2 unless the content earns more", () => {
    expect(computeScore({ verdicts: points(["covered", "covered", "partial"]), errors: [], answer, offTopic: true }).score).toBeLessThanOrEqual(1);
    expect(computeScore({ verdicts: points(["partial", "missed", "missed", "missed"]), errors: [], answer, injectionDetected: true }).score).toBeLessThanOrEqual(2);
    expect(computeScore({ verdicts: points(["covered", "covered", "covered"]), errors: [], answer, injectionDetected: true }).score).toBeGreaterThan(2);
  });

  it("gives claimed coverage without verifiable evidence nothing", () => {
    const claimed = ["covered", "covered", "covered", "covered"].map((verdict) => ({ core: true, verdict: verdict as Verdict, evidence: "a sentence the candidate never said" }));
    const result = computeScore({ verdicts: claimed, errors: [], answer });
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.band).toBe("weak");
  });

  it("gives depth credit only when coverage is already high", () => {
    const depth = { explainsWhy: true, givesExample: true, discussesTradeOff: true };
    const low = points(["covered", "missed", "missed", "missed"]);
    expect(computeScore({ verdicts: low, errors: [], answer, depth }).score).toBe(computeScore({ verdicts: low, errors: [], answer }).score);
    const high = points(["covered", "covered", "covered", "partial"]);
    expect(computeScore({ verdicts: high, errors: [], answer, depth }).score).toBeGreaterThan(computeScore({ verdicts: high, errors: [], answer }).score);
  });
});
