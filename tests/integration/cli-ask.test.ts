import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { cliDataDir, rehearse } from "../support/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askAnswerSchema } from "@/lib/interview/ask";

/** `rehearse ask`, run as the real CLI in a child process, offline (no key), on a fresh data dir. */
let dir: string;
/** Each case runs the CLI as a process that loads the index and the router (the first one also builds them). */
const CLI_TIMEOUT_MS = 120_000;

beforeAll(() => {
  dir = cliDataDir("rehearse-cli-ask-");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("rehearse ask", () => {
  it(
    "--input prints one JSON answer per line, in order, grounded or saying the bank doesn't cover it",
    async () => {
      const file = path.join(dir, "questions.jsonl");
      const queries = [
        "what's the difference between select_related and prefetch_related?",
        "How do I configure Celery beat?",
        "how do flask blueprints get a url prefix",
      ];
      writeFileSync(file, queries.map((query) => JSON.stringify({ query })).join("\n") + "\n");
      const { code, stdout } = await rehearse(dir, ["ask", "--input", file, "--json"]);
      expect(code).toBe(0);
      const lines = stdout
        .trim()
        .split("\n")
        .map((l) => askAnswerSchema.strict().parse(JSON.parse(l)));
      expect(lines.map((l) => l.query)).toEqual(queries);
      const [orm, celery, blueprints] = lines as [(typeof lines)[0], (typeof lines)[0], (typeof lines)[0]];
      expect(orm).toMatchObject({ grounded: true });
      expect(orm.sources[0]!.id).toBe("django/orm-querysets-common-operations");
      expect(orm.answer).toContain("prefetch_related");
      expect(celery).toMatchObject({ grounded: false, sources: [] });
      expect(celery.answer).toMatch(/doesn't cover/);
      expect(blueprints.sources[0]!.id).toBe("flask/routing-blueprints");
      for (const l of lines) expect(l.answer.length).toBeLessThanOrEqual(1200);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "answers one question as JSON, and without --json as text with its sources",
    async () => {
      const json = await rehearse(dir, ["ask", "What is get_response in a Django middleware?", "--json"]);
      expect(json.code).toBe(0);
      const answer = askAnswerSchema.parse(JSON.parse(json.stdout));
      expect(answer.sources[0]!.id).toBe("django/middleware-create-custom-middleware");
      const text = await rehearse(dir, ["ask", "What is get_response in a Django middleware?"]);
      expect(text.stdout).toContain("Sources:");
      expect(text.stdout).toContain("/questions/django/middleware-create-custom-middleware");
    },
    CLI_TIMEOUT_MS,
  );

  it(
    "a missing question is a usage error (exit 2), a bad input line names file and line",
    async () => {
      expect((await rehearse(dir, ["ask"])).code).toBe(2);
      const file = path.join(dir, "broken.jsonl");
      writeFileSync(file, `${JSON.stringify({ query: "what is a blueprint" })}\n{"q": 1}\n`);
      const broken = await rehearse(dir, ["ask", "--input", file, "--json"]);
      expect(broken.code).toBe(2);
      expect(broken.stderr).toContain(`${file}:2`);
    },
    CLI_TIMEOUT_MS,
  );
});
