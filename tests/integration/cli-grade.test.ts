import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cliDataDir, rehearse } from "../support/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";

/**
 * `rehearse grade --input FILE.jsonl`, the contract other tooling relies on: one JSON line per
 * input, same order, id echoed. Runs the real CLI as a child process (async, so the fake
 * OpenAI-compatible server in this process can answer it).
 */
let dir: string;

const FACTORY = "What is the Application Factory Pattern in Flask and why is it important?";
const STRONG =
  "The application factory is a create_app function that builds and returns a new Flask app instead of a global app object. " +
  "It loads a different config for development, testing and production, initialises extensions like Flask-Migrate and Flask-Login with init_app, " +
  "and registers the blueprints. Because each test can create its own app with a test config, it makes the project testable and scalable, " +
  "and it avoids circular imports since the extensions are not bound to a global app at import time.";
const VAGUE = "It's a pattern for making the app, I think it's good practice.";

function input(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return file;
}

type Graded = {
  id: string | number | null;
  questionId: string;
  score: number;
  band: string;
  keyPoints: { verdict: string; evidence: string }[];
  grader: { kind: string; model?: string; fallbackCode?: string; fallbackReason?: string };
};

beforeAll(() => {
  dir = cliDataDir("rehearse-cli-grade-");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("rehearse grade (local judge)", () => {
  it("prints one JSON line per input in order, with the id echoed and the question found by title or by search", async () => {
    const file = input("answers.jsonl", [
      { id: "strong", question: FACTORY, answer: STRONG },
      { id: 7, question: "the flask create_app thing, why use it", answer: VAGUE },
      { question: FACTORY, answer: "I don't know" },
    ]);
    const { code, stdout } = await rehearse(dir, ["grade", "--input", file]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Graded);
    expect(lines.map((l) => l.id)).toEqual(["strong", 7, null]);
    for (const l of lines) {
      expect(l.questionId).toBe("flask/application-factory-pattern-important");
      expect(l.grader).toEqual({ kind: "local" });
    }
    const [strong, vague, refused] = lines as [Graded, Graded, Graded];
    expect(strong.band).toBe("strong");
    expect(vague.score).toBeLessThanOrEqual(4);
    expect(refused.score).toBe(0);
    for (const k of strong.keyPoints.filter((p) => p.verdict !== "missed")) expect(STRONG).toContain(k.evidence);
  });

  it("--grader llm without a key says what to set and exits 2", async () => {
    const file = input("one.jsonl", [{ question: FACTORY, answer: STRONG }]);
    const { code, stdout, stderr } = await rehearse(dir, ["grade", "--input", file, "--grader", "llm"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("OPENAI_API_KEY");
  });

  it("a line that is not JSON is an error naming the file and line", async () => {
    const file = path.join(dir, "broken.jsonl");
    writeFileSync(file, `${JSON.stringify({ question: FACTORY, answer: STRONG })}\n{not json\n`);
    const { code, stderr } = await rehearse(dir, ["grade", "--input", file]);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${file}:2`);
  });
});

describe("rehearse grade (LLM judge through an OpenAI-compatible server)", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it("defaults to the LLM when a key is set and names the model", async () => {
    const file = input("llm.jsonl", [{ id: "a", question: FACTORY, answer: STRONG }]);
    const { code, stdout } = await rehearse(dir, ["grade", "--input", file], {
      OPENAI_API_KEY: "test",
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_MODEL: "fake-grader",
    });
    expect(code).toBe(0);
    const graded = JSON.parse(stdout.trim()) as Graded;
    expect(graded.id).toBe("a");
    expect(graded.grader).toEqual({ kind: "llm", model: "fake-grader" });
    expect(fake.chatRequests().at(-1)!.model).toBe("fake-grader");
  });

  it("a server failing every time falls back to the local judge and says why", async () => {
    fake.setDefault({ kind: "error", status: 500, retryAfterMs: 1 });
    const file = input("llm-down.jsonl", [{ question: FACTORY, answer: STRONG }]);
    const { code, stdout } = await rehearse(dir, ["grade", "--input", file, "--grader", "llm"], { OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    expect(code).toBe(0);
    const graded = JSON.parse(stdout.trim()) as Graded;
    expect(graded.grader.kind).toBe("local");
    expect(graded.grader).toMatchObject({ fallbackCode: "llm_server_error", fallbackReason: "the grading model's server had an error" });
  });
});
