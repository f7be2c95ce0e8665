import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createThesaurusMatcher, getThesaurus, loadThesaurus } from "@/lib/search/thesaurus";

const tiny = createThesaurusMatcher({
  groups: [
    { concept: "authentication", phrases: ["log in", "sign in"], terms: ["login_required", "authenticate"] },
    { concept: "uploads", phrases: ["upload a file"], terms: ["FileField"] },
  ],
});

describe("thesaurus matching", () => {
  it("matches phrases by stem, in order, with one word between", () => {
    expect(tiny.expand("logging people in").concepts).toEqual(["authentication"]);
    expect(tiny.expand("how do users sign in").terms).toEqual(["login_required", "authenticate"]);
    // Two words between, or the wrong order, is not the phrase.
    expect(tiny.expand("logging all the people in").concepts).toEqual([]);
    expect(tiny.expand("in the log").concepts).toEqual([]);
  });

  it("ignores articles and does not read code identifiers as lay words", () => {
    expect(tiny.expand("uploading the files").concepts).toEqual(["uploads"]);
    expect(tiny.expand("what does log_in do").concepts).toEqual([]);
  });

  it("loads the bank's thesaurus, and reports a malformed file with its name", () => {
    expect(getThesaurus().expand("keep the user logged in between requests").concepts).toContain("sessions and per-user state");
    const dir = mkdtempSync(path.join(tmpdir(), "rehearse-thesaurus-"));
    try {
      const file = path.join(dir, "thesaurus.json");
      writeFileSync(file, JSON.stringify({ groups: [{ concept: "x", phrases: [], terms: ["y"] }] }));
      expect(() => loadThesaurus(file)).toThrow(new RegExp(`${file}.*phrases`, "s"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
