import { describe, expect, it } from "vitest";
import { findQuestion } from "@/lib/bank/load";
import { matcherFrom, trainMatcher } from "@/lib/grading/local/matcher";

// One question's matcher: training it takes a fraction of the whole bank's.
const bank = [findQuestion("flask/manage-sessions-cookies")!];
const artefact = trainMatcher(bank);
const built = matcherFrom(artefact, bank);
const corrections = (m: typeof built) => m.models.get(bank[0]!.id)!.corrections;

describe("the grading matcher's sidecar", () => {
  it("holds the exemplars' vectors, then the corrections' sentences', and loads back to the same matcher", () => {
    const sentences = corrections(built).length;
    // Every misconception's correction has at least one sentence.
    expect(sentences).toBeGreaterThanOrEqual(built.models.get(bank[0]!.id)!.pack!.misconceptions.length);
    expect(built.sidecar).toHaveLength(built.exemplars.length + sentences);

    const loaded = matcherFrom(artefact, bank, built.sidecar);
    expect(loaded.sidecar).toBe(built.sidecar);
    expect(loaded.vectors).toEqual(built.vectors);
    expect(corrections(loaded)).toEqual(corrections(built));
  });

  it("is rebuilt from the packs when it holds other texts (a sidecar of exemplars only, written before corrections were in it)", () => {
    const exemplarsOnly = built.vectors;
    const loaded = matcherFrom(artefact, bank, exemplarsOnly);
    expect(loaded.sidecar).not.toBe(exemplarsOnly);
    expect(loaded.sidecar).toHaveLength(built.sidecar.length);
    expect(corrections(loaded)).toEqual(corrections(built));
  });
});
