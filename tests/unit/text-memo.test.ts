import { describe, expect, it } from "vitest";
import { MAX_MEMO_WORDS, stem } from "@/lib/text/analyser";

describe("the stem memo", () => {
  it("stays bounded and keeps stemming right after it starts afresh", () => {
    expect(stem("caching")).toBe(stem("cache"));
    for (let i = 0; i <= MAX_MEMO_WORDS; i++) stem(`zq${i.toString(36)}words`);
    expect(stem("caching")).toBe(stem("cache"));
    expect(stem("queries")).toBe(stem("query"));
  });
});
