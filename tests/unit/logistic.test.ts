import { describe, expect, it } from "vitest";
import { score, trainLogistic, type Example } from "@/lib/text/logistic";
import { codeIdentifiers, idfTable, vectorize } from "@/lib/text/features";

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

describe("code identifiers", () => {
  it("keeps dotted and snake_case names whole, so has_perm and perms.app differ", () => {
    expect(codeIdentifiers("{% if user.has_perm 'books.add_book' %}")).toEqual(expect.arrayContaining(["user.has_perm", "has_perm", "books.add_book"]));
    expect(codeIdentifiers("{% if perms.books.add_book %}")).toEqual(expect.arrayContaining(["perms.books.add_book", "perms.books", "add_book"]));
    expect(codeIdentifiers("e.g. this, i.e. that")).toEqual([]);
  });
});
