import { describe, expect, it } from "vitest";
import { byLength, isSlipOf, slipTarget, withinOneEdit } from "@/lib/text/typos";

describe("typing slips", () => {
  it.each([
    ["django", "djnago"], // neighbours swapped
    ["queryset", "qureyset"],
    ["object", "objet"], // a letter dropped
    ["aggregate", "agregate"],
    ["middleware", "midleware"],
    ["template", "tempalte"],
    ["filter", "filtre"],
    ["signal", "signel"], // a letter changed
    ["cache", "caches"], // a letter added
    ["django", "djangp"], // the last letter changed
    ["flask", "lflask"], // a letter added in front
  ])("%s and %s are one edit apart", (a, b) => {
    expect(withinOneEdit(a, b)).toBe(true);
    expect(withinOneEdit(b, a)).toBe(true);
  });

  it.each([
    ["django", "flask"],
    ["celery", "cache"],
    ["queryset", "quersyte"], // two edits
    ["form", "from1"],
    ["nginx", "engine"],
  ])("%s and %s are not", (a, b) => {
    expect(withinOneEdit(a, b)).toBe(false);
  });

  it("takes a word for a known one only when it is long enough to be a slip", () => {
    const known = byLength(["django", "cache", "view", "url"]);
    expect(isSlipOf("djnago", known)).toBe(true);
    expect(isSlipOf("vieq", known)).toBe(true);
    // Three letters: one edit reaches too many words ("url" / "uri" / "orl").
    expect(isSlipOf("uri", known)).toBe(false);
    expect(isSlipOf("celery", known)).toBe(false);
  });

  it("reads a slip as the known word the caller ranks first, of those one edit away", () => {
    const known = byLength(["model", "module", "models"]);
    const commonest = ["model", "models", "module"];
    expect(slipTarget("modle", known, (w) => commonest.indexOf(w))).toBe("model");
    expect(slipTarget("modle", known, (w) => -commonest.indexOf(w))).toBe("module");
    expect(slipTarget("celery", known, () => 0)).toBeUndefined();
    expect(slipTarget("mdl", known, () => 0)).toBeUndefined();
  });
});
