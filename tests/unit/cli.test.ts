import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyTrainedArtefacts } from "../support/artefacts";

/** The real CLI, through its bin script, with its own data dir (holding the run's trained artefacts). */
const root = path.resolve(__dirname, "../..");
let dataDir: string;

function rehearse(...args: string[]) {
  return rehearseIn(root, ...args);
}

function rehearseIn(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "scripts/rehearse.mjs"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, REHEARSE_DATA_DIR: dataDir, REHEARSE_EMBEDDINGS: "local", OPENAI_API_KEY: "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-cli-"));
  copyTrainedArtefacts(dataDir);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("rehearse questions", () => {
  it("--json prints the 16 questions with their fields, and only JSON", () => {
    const { code, stdout } = rehearse("questions", "--json");
    expect(code).toBe(0);
    const questions = JSON.parse(stdout) as Record<string, unknown>[];
    expect(questions).toHaveLength(16);
    for (const q of questions) {
      expect(Object.keys(q).sort()).toEqual(["answer", "id", "keyPoints", "rubric", "title", "track"]);
      expect(Array.isArray(q.keyPoints)).toBe(true);
      const rubric = q.rubric as Array<Record<string, unknown>>;
      expect(rubric.length).toBeGreaterThanOrEqual((q.keyPoints as unknown[]).length);
      for (const p of rubric) expect(Object.keys(p).sort()).toEqual(["core", "id", "label"]);
    }
    expect(questions.filter((q) => q.track === "fastapi")).toHaveLength(2);
  });

  it("prints a readable list without --json", () => {
    const { code, stdout } = rehearse("questions");
    expect(code).toBe(0);
    expect(stdout).toContain("How do you test FastAPI applications?");
    expect(() => JSON.parse(stdout)).toThrow();
  });
});

describe("rehearse search", () => {
  it("--json prints the query and results best first, and nothing else on stdout", () => {
    const { code, stdout } = rehearse("search", "What is get_response in a Django middleware class?", "--json", "--limit", "3");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { query: string; results: { id: string; title: string; track: string; score: number; passage: string }[] };
    expect(out.query).toBe("What is get_response in a Django middleware class?");
    expect(out.results).toHaveLength(3);
    expect(out.results[0]).toMatchObject({ id: "django/middleware-create-custom-middleware", track: "django" });
    expect(Object.keys(out.results[0]!).sort()).toEqual(["id", "passage", "score", "title", "track"]);
    expect(out.results[0]!.score).toBeGreaterThanOrEqual(out.results[1]!.score);
  });

  it("--input answers one JSON line per input line, in order", () => {
    const input = path.join(dataDir, "queries.jsonl");
    const queries = ["blueprint url_prefix", "post_save receiver", "testing FastAPI endpoints with TestClient"];
    writeFileSync(input, queries.map((query, i) => JSON.stringify({ id: i, query, expected: ["ignored"] })).join("\n") + "\n");
    const { code, stdout } = rehearse("search", "--input", input, "--limit", "2", "--mode", "fulltext");
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { query: string; results: { id: string }[] });
    expect(lines.map((l) => l.query)).toEqual(queries);
    expect(lines.every((l) => l.results.length === 2)).toBe(true);
    expect(lines.map((l) => l.results[0]!.id)).toEqual(["flask/routing-blueprints", "django/signals", "fastapi/test-applications"]);
  });

  it.each([
    [["search", "--mode", "semantic", "caching"], /--mode must be one of/],
    [["search", "--limit", "0", "caching"], /--limit must be a positive integer/],
    [["search"], /missing the query/],
    [["search", "--input", "/no/such/file.jsonl"], /cannot read --input/],
    [["search", "--bogus", "x"], /Unknown option '--bogus'/],
    [["nonsense"], /unknown command "nonsense"/],
  ])("rejects %j with a message on stderr and a non-zero exit", (args, message) => {
    const { code, stdout, stderr } = rehearse(...args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stdout).toBe("");
  });

  it.each(["questions", "search", "ask", "grade", "pack"])("prints the usage of %s for --help and -h, and exits 0", (command) => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout } = rehearse(command, flag);
      expect(code).toBe(0);
      expect(stdout).toMatch(new RegExp(`^Usage: rehearse ${command} `));
    }
  });

  it("names the file and line of a malformed --input line", () => {
    const input = path.join(dataDir, "bad.jsonl");
    writeFileSync(input, '{"query": "ok"}\n{"text": "no query"}\n');
    const { code, stderr } = rehearse("search", "--input", input);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${input}:2`);
  });
});

describe("a malformed bank", () => {
  it("makes the CLI exit non-zero naming the file and line", () => {
    const project = mkdtempSync(path.join(tmpdir(), "rehearse-bad-bank-"));
    try {
      mkdirSync(path.join(project, "content"));
      writeFileSync(path.join(project, "content", "bad.md"), "# DJANGO\n\n## Q1: What is a view?\n\n**Answer:**\n\n```python\ndef view(request):\n");
      const { code, stderr, stdout } = rehearseIn(project, "questions", "--json");
      expect(code).not.toBe(0);
      expect(stderr).toMatch(/content\/bad\.md:\d+: .*fence/);
      expect(stdout).toBe("");
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
