import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cliDataDir, rehearse } from "../support/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBank } from "@/lib/bank/parse";
import { loadPack } from "@/lib/bank/pack";
import { rubricPoints } from "@/lib/grading/rubric";
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from "../support/fake-openai";

/**
 * `rehearse pack build <bank.md>`: a user's own bank gets grading packs drafted by the LLM (here the
 * fake OpenAI-compatible server, reached through the real provider), validated against each
 * question's rubric and written for review.
 */
let dir: string;
let fake: FakeOpenAI;

const BANK = `# FLASK

## Q1: How do you handle errors in Flask?

**Answer:**

Register error handlers with \`@app.errorhandler(404)\` or on a blueprint with \`@bp.app_errorhandler\`.
Raise \`abort(403)\` to stop a request with an HTTP error.

**Key Points:**
- Use @app.errorhandler for custom error pages
- abort() raises an HTTP error
`;

function textOf(request: ChatRequest): string {
  return request.messages.map((m) => (typeof m.content === "string" ? m.content : m.content.map((c) => c.text ?? "").join(""))).join("\n");
}

/** What a careful model returns: phrasings for every rubric point id the prompt lists. */
function draftFor(request: ChatRequest, skip: string[] = []) {
  const ids = [...textOf(request).matchAll(/^- ([a-z0-9-]+): /gm)].map((m) => m[1]!).filter((id) => !skip.includes(id));
  const many = (stem: string, n: number) => Array.from({ length: n }, (_, i) => `${stem}, phrasing number ${i + 1}`);
  return {
    points: ids.map((id) => ({ id, says: many(`a correct way to say ${id}`, 12), nearMisses: many(`something near ${id}`, 4) })),
    misconceptions: [
      {
        point: ids[0] ?? null,
        says: many("abort returns a response object you must return", 5),
        correction: "abort() raises an HTTPException; you do not return it.",
      },
    ],
    offTopic: many("in Django you use handler404 in urls.py", 6),
    askedAs: many("how do I show a custom 404 page in Flask", 3),
    modelAnswer: "So in Flask you register an error handler for a status code or an exception class, and abort raises the HTTP error for you.",
  };
}

const llm = () => ({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${fake.url}/v1` });

beforeAll(async () => {
  dir = cliDataDir("rehearse-cli-pack-");
  writeFileSync(path.join(dir, "errors.md"), BANK);
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("rehearse pack build", () => {
  const question = parseBank("errors.md", BANK)[0]!;
  const out = () => path.join(dir, "packs");
  const file = () => path.join(out(), `${question.id}.json`);

  it("without an LLM says what to set, exits 1 and writes nothing", async () => {
    const { code, stderr } = await rehearse(dir, ["pack", "build", path.join(dir, "errors.md"), "--out", out()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/OPENAI_API_KEY|OPENAI_BASE_URL/);
    expect(existsSync(file())).toBe(false);
  });

  it("rejects a draft that leaves a rubric point without phrasings, and writes nothing", async () => {
    const points = rubricPoints(question);
    fake.queue({ kind: "ok", respond: (r) => draftFor(r, [points[0]!.id]) });
    const { code, stderr } = await rehearse(dir, ["pack", "build", path.join(dir, "errors.md"), "--out", out()], llm());
    expect(code).toBe(1);
    expect(stderr).toContain(points[0]!.id);
    expect(existsSync(file())).toBe(false);
  });

  it("drafts a pack for every question that validates against its rubric, and keeps it on the next run", async () => {
    fake.setDefault({ kind: "ok", respond: (r) => draftFor(r) });
    const first = await rehearse(dir, ["pack", "build", path.join(dir, "errors.md"), "--out", out()], llm());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("drafted");
    const pack = loadPack(
      question,
      rubricPoints(question).map((p) => p.id),
      out(),
    )!;
    expect(Object.keys(pack.points).sort()).toEqual(
      rubricPoints(question)
        .map((p) => p.id)
        .sort(),
    );
    expect(pack.misconceptions[0]!.correction).toContain("HTTPException");
    const prompt = textOf(fake.requests.filter((r) => r.path.endsWith("/chat/completions")).at(-1)!.body as ChatRequest);
    expect(prompt).toContain("How do you handle errors in Flask?");

    const written = readFileSync(file(), "utf8");
    const again = await rehearse(dir, ["pack", "build", path.join(dir, "errors.md"), "--out", out()], llm());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("kept");
    expect(readFileSync(file(), "utf8")).toBe(written);
  });
});
