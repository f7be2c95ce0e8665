import { describe, expect, it } from "vitest";
import { modelTable, score, scoreAll, storedWeights, trainLogistic, type Example } from "@/lib/text/logistic";
import {
  codeIdentifiers,
  isCodeOnly,
  idfTable,
  invertedIndex,
  rawFeatures,
  similarities,
  similaritiesInRange,
  splitSimilarities,
  vectorize,
  vectorizeBoth,
  type SparseVector,
} from "@/lib/text/features";

const positives = [
  "querysets are lazy",
  "the query runs only when you iterate",
  "nothing hits the database until you loop over it",
  "evaluation is deferred until the rows are needed",
];
const negatives = [
  "querysets run the query immediately",
  "filter executes the SQL right away",
  "you can chain filter and exclude",
  "select_related does a join",
];
const idf = idfTable([...positives, ...negatives]);
const vec = (t: string) => vectorize(t, idf, 5, "words");
const examples: Example[] = [
  ...positives.map((t): Example => ({ vector: vec(t), label: 1, weight: 1 })),
  ...negatives.map((t): Example => ({ vector: vec(t), label: 0, weight: 1 })),
];

describe("point classifier", () => {
  it("separates a point's phrasings from its neighbours' and generalises to a new phrasing", () => {
    const model = trainLogistic(examples);
    for (const t of positives) expect(score(model, vec(t))).toBeGreaterThan(0.5);
    for (const t of negatives) expect(score(model, vec(t))).toBeLessThan(0.5);
    expect(score(model, vec("it doesn't hit the database until you loop"))).toBeGreaterThan(score(model, vec("filter runs the SQL immediately")));
  });

  it("is deterministic: the same examples give the same weights", () => {
    const a = trainLogistic(examples);
    const b = trainLogistic(examples);
    expect(a.bias).toBe(b.bias);
    expect([...a.weights]).toEqual([...b.weights]);
  });

  it("weighs hard negatives more: a heavier near-miss is pushed further down", () => {
    const nearMiss = "querysets are evaluated immediately";
    const light = trainLogistic([...examples, { vector: vec(nearMiss), label: 0, weight: 1 }]);
    const heavy = trainLogistic([...examples, { vector: vec(nearMiss), label: 0, weight: 5 }]);
    expect(score(heavy, vec(nearMiss))).toBeLessThan(score(light, vec(nearMiss)));
  });
});

describe("fast paths agree to the bit with the plain computation", () => {
  const texts = [...positives, ...negatives, "select_related joins; prefetch_related runs a second query", "user.has_perm('books.add_book')"];
  const all = (t: string) => vectorize(t, idf, 5);

  it("scoreAll gives each model's score()", () => {
    const models = new Map([
      ["lazy", trainLogistic(examples)],
      ["eager", trainLogistic(examples.map((e) => ({ ...e, label: e.label === 1 ? 0 : 1 })))],
    ]);
    const table = modelTable([...models].map(([name, model]) => [name, storedWeights(model)]));
    for (const t of [...texts, "nothing in common"]) {
      const scores = scoreAll(table, vec(t));
      expect([...scores.keys()]).toEqual(["lazy", "eager"]);
      for (const [name, model] of models) expect(scores.get(name)).toBe(score(model, vec(t)));
    }
  });

  it("similarities over a range, and the best outside it, are similarities()' own figures", () => {
    const index = invertedIndex(texts.map(all));
    const scratch = new Float32Array(index.size);
    for (const t of ["queries run lazily when you loop", "a join for select_related"]) {
      const sims = similarities(index, all(t));
      expect([...similaritiesInRange(index, all(t), 2, 6, new Float32Array(4))]).toEqual([...sims.slice(2, 6)]);
      const outside = [...sims].filter((_, e) => e < 2 || e >= 6);
      const inside = new Float32Array(4);
      expect(splitSimilarities(index, all(t), 2, 6, inside, scratch)).toBe(Math.max(0, ...outside));
      expect([...inside]).toEqual([...sims.slice(2, 6)]);
    }
  });

  it("vectorizeBoth is the Map-based weighting it replaced", () => {
    // The weighting as first written: each group normalised and weighted, merged through a Map, sorted.
    const reference = (text: string, only: "all" | "words"): SparseVector => {
      const groupWeights: Record<string, number> = { word: 0.55, bigram: 0.25, char: 0.2, code: 0.25 };
      const merged = new Map<number, number>();
      for (const [g, features] of Object.entries(rawFeatures(text))) {
        if (only === "words" && g === "char") continue;
        let norm = 0;
        const weighted: Array<[number, number]> = [];
        for (const [id, tf] of features) {
          const w = (1 + Math.log(tf)) * (idf.get(id) ?? 5);
          weighted.push([id, w]);
          norm += w * w;
        }
        if (norm === 0) continue;
        const scale = groupWeights[g]! / Math.sqrt(norm);
        for (const [id, w] of weighted) merged.set(id, (merged.get(id) ?? 0) + w * scale);
      }
      const entries = [...merged].sort((a, b) => a[0] - b[0]);
      const total = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
      return { ids: Uint32Array.from(entries.map((e) => e[0])), values: Float32Array.from(entries.map((e) => e[1] / total)) };
    };
    for (const t of [...texts, "", "um"]) {
      const both = vectorizeBoth(t, idf, 5);
      expect(both.all).toEqual(reference(t, "all"));
      expect(both.words).toEqual(reference(t, "words"));
    }
  });
});

describe("code identifiers", () => {
  it("keeps dotted and snake_case names whole, so has_perm and perms.app differ", () => {
    expect(codeIdentifiers("{% if user.has_perm 'books.add_book' %}")).toEqual(expect.arrayContaining(["user.has_perm", "has_perm", "books.add_book"]));
    expect(codeIdentifiers("{% if perms.books.add_book %}")).toEqual(expect.arrayContaining(["perms.books.add_book", "perms.books", "add_book"]));
    expect(codeIdentifiers("e.g. this, i.e. that")).toEqual([]);
  });

  it("tells a line of code from a sentence about code", () => {
    for (const code of [
      "if form.validate_on_submit():",
      "session.permanent = True",
      "class MultipleFileInput(forms.ClearableFileInput):",
      "select_related / prefetch_related",
    ])
      expect(isCodeOnly(code)).toBe(true);
    for (const prose of ["validate_on_submit saves the form", "set session.permanent = True to keep the cookie", "use select_related for foreign keys"])
      expect(isCodeOnly(prose)).toBe(false);
  });
});
