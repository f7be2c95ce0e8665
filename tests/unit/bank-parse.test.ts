import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BankFormatError, parseBank } from "@/lib/bank/parse";

const FILE = "content/web-frameworks.md";
const seed = readFileSync(FILE, "utf8");
const bank = parseBank(FILE, seed);

function errorOf(markdown: string): BankFormatError {
  try {
    parseBank("content/bad.md", markdown);
  } catch (error) {
    if (error instanceof BankFormatError) return error;
    throw error;
  }
  throw new Error("expected a BankFormatError");
}

describe("parseBank on the seed file", () => {
  it("keeps Python # comments inside code fences as answer text, not headings", () => {
    const django = bank.filter((q) => q.track === "django");
    expect(django).toHaveLength(8);
    const mvt = django[0]!;
    expect(mvt.title).toBe("Explain Django's MVT (Model-View-Template) architecture.");
    expect(mvt.answer).toContain("# 1. MODEL");
    expect(mvt.answer).toContain("# 4. URL ROUTING");
  });

  it("restarts numbering under each # TRACK heading without clashing ids", () => {
    expect(bank).toHaveLength(16);
    expect(new Set(bank.map((q) => q.id)).size).toBe(16);
    expect(seed.match(/^## Q1:/gm)).toHaveLength(2);
    expect(bank.find((q) => q.title.startsWith("What is the Application Factory Pattern"))!.track).toBe("flask");
  });

  it("files the FastAPI questions written under # FLASK in the fastapi track", () => {
    const fastapi = bank.filter((q) => q.track === "fastapi").map((q) => q.title);
    expect(fastapi).toEqual(["How does middleware work in FastAPI?", "How do you test FastAPI applications?"]);
    expect(bank.filter((q) => q.track === "flask")).toHaveLength(6);
  });

  it("keeps ### sub-headings inside the answer they belong to", () => {
    const extensions = bank.find((q) => q.title.startsWith("What are Flask extensions?"))!;
    expect(extensions.answer).toContain("Flask-SQLAlchemy");
    expect(extensions.answer).toContain("WTForms (Form handling)");
    expect(extensions.keyPoints).toContain("Extensions must be initialized with app");
  });

  it("reads the closing list under any of its labels as the key points", () => {
    const mvt = bank[0]!;
    expect(mvt.keyPointsLabel).toBe("Request Flow");
    expect(mvt.keyPoints[0]).toMatch(/User requests URL/);
    expect(mvt.answer).not.toContain("Request Flow");
  });
});

describe("question ids", () => {
  it("stay the same when the answer text changes", () => {
    const edited = parseBank(FILE, seed.replace("Flask extensions add features like ORM", "Extensions plug features such as an ORM"));
    expect(edited.map((q) => q.id)).toEqual(bank.map((q) => q.id));
    const before = bank.find((q) => q.title.startsWith("What are Flask extensions?"))!;
    const after = edited.find((q) => q.id === before.id)!;
    expect(after.answer).not.toEqual(before.answer);
  });
});

describe("malformed files", () => {
  it("rejects a question with no answer, naming file and line", () => {
    const error = errorOf("# DJANGO\n\n## Q1: What is a view?\n\n## Q2: What is a model?\n\n**Answer:**\n\nA class.\n");
    expect(error.message).toMatch(/^content\/bad\.md:3: .*no answer/);
  });

  it("rejects an unterminated code fence, naming the line it opens on", () => {
    const error = errorOf("# FLASK\n\n## Q1: What is a route?\n\n**Answer:**\n\n```python\n@app.route('/')\n");
    expect(error.message).toMatch(/^content\/bad\.md:7: .*never closed/);
  });

  it("rejects a duplicate question id", () => {
    const error = errorOf("# FLASK\n\n## Q1: What is a Blueprint?\n\n**Answer:**\n\nA module.\n\n## Q2: What is a blueprint?\n\n**Answer:**\n\nSame.\n");
    expect(error.message).toMatch(/^content\/bad\.md:9: duplicate question id/);
  });
});
