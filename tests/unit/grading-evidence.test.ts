import { describe, expect, it } from "vitest";
import { alignQuote, verifyEvidence } from "@/lib/grading/evidence";

// How grading models really quote: they tidy what they copy. Each case is a kind of change, not one answer.
const spoken =
  "um so basically the the queryset it's lazy, it doesn't touch the database until you loop over it. And uh you'd use select underscore related for foreign keys which does a join, and prefetch related for many to many. Also update() doesn't send post_save.";
const typed = "So you call form.is_valid() first,\n  then   save the form. Flask's session isn't encrypted: it's only signed.";

describe("alignQuote accepts a quote with the small changes models make", () => {
  it.each([
    ["case and whitespace", typed, "you call FORM.is_valid() first, then save"],
    ["surrounding quote marks and full stop", typed, '"then save the form."'],
    ["an ellipsis joining two spans", typed, "you call form.is_valid() … save the form"],
    ["dropped fillers and restarts", spoken, "the queryset it's lazy"],
    ["expanded contractions", spoken, "It is lazy, it does not touch the database until you loop over it"],
    ["spoken identifiers written as code", spoken, "use select_related for foreign keys"],
    ["punctuation added", spoken, "select_related for foreign keys, which does a join"],
    ["two nearby clauses merged without an ellipsis", spoken, "the queryset is lazy and you'd use select_related for foreign keys"],
    ["one word changed in a long quote", spoken, "the queryset is lazy, it does not touch the DB until you loop over it"],
    ["a typed contraction without its apostrophe", typed, "Flasks session isnt encrypted"],
  ])("%s", (_kind, answer, quote) => {
    const match = alignQuote(answer, quote);
    expect(match).not.toBeNull();
    // What is shown is always the candidate's own text.
    expect(answer).toContain(match!.span);
  });

  it("returns the candidate's verbatim span, not the model's tidied quote", () => {
    expect(alignQuote(spoken, "use select_related for foreign keys")!.span).toBe("use select underscore related for foreign keys");
    expect(alignQuote(spoken, "the queryset is lazy")!.span).toBe("the queryset it's lazy");
  });
});

describe("alignQuote rejects quotes that are not the candidate's words", () => {
  it.each([
    ["a paraphrase", typed, "you validate the form first"],
    ["reordered spans", typed, "save the form … you call form.is_valid()"],
    ["empty", typed, ""],
    ["content never said", spoken, "querysets are cached forever"],
    ["a claim about another method", spoken, "prefetch_related does a separate query"],
    ["a negation dropped", spoken, "update() sends post_save"],
    ["a negation added", spoken, "it touches the database until you loop over it"],
    ["a negation added to a signed cookie", typed, "Flask's session is not signed"],
  ])("%s", (_kind, answer, quote) => {
    expect(verifyEvidence(answer, quote)).toBe(false);
  });
});
