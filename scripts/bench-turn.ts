import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runIfMain } from "./run-main";

/**
 * One interview turn in-process (route handler → storage, no HTTP), broken into what it costs the
 * database: statements sent per turn kind (drizzle's logger count; BEGIN/COMMIT not included) and
 * the turn's wall time. PGlite by default; `--postgres` uses DATABASE_URL (or TEST_DATABASE_URL).
 *   npx tsx --conditions=react-server scripts/bench-turn.ts [--sessions 20] [--postgres]
 */

interface TurnFigures {
  statements: number[];
  ms: number[];
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export async function main(argv: string[] = process.argv.slice(2)): Promise<Record<string, TurnFigures>> {
  const { values } = parseArgs({ args: argv, options: { sessions: { type: "string", default: "20" }, postgres: { type: "boolean", default: false } } });
  const dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-bench-turn-"));
  process.env.REHEARSE_DATA_DIR = dataDir;
  delete process.env.OPENAI_API_KEY;
  if (values.postgres) process.env.DATABASE_URL ??= process.env.TEST_DATABASE_URL;
  else delete process.env.DATABASE_URL;

  const { Browser, dataOf, readChunks } = await import("../tests/support/interview-client");
  const { closeDb, statementsSent, databaseKind } = await import("@/lib/db/client");
  const { findQuestion } = await import("@/lib/bank/load");
  const { rubricPoints } = await import("@/lib/grading/rubric");

  const figures: Record<string, TurnFigures> = {};
  const record = (kind: string, statements: number, ms: number) => {
    figures[kind] ??= { statements: [], ms: [] };
    figures[kind].statements.push(statements);
    figures[kind].ms.push(ms);
  };
  async function measured<T>(kind: string, run: () => Promise<T>): Promise<T> {
    const before = statementsSent();
    const start = performance.now();
    const result = await run();
    record(kind, statementsSent() - before, performance.now() - start);
    return result;
  }

  try {
    for (let i = 0; i < Number(values.sessions); i++) {
      const browser = new Browser();
      const created = await measured("create session", async () => (await browser.createSession({ track: "all", mode: "practice" })).json());
      const { session, messages } = created as { session: { id: string }; messages: Array<{ parts: Array<{ type: string; data?: { questionId: string } }> }> };
      const questionId = messages[0]!.parts.find((p) => p.type === "data-question")!.data!.questionId;
      // Half the core points: graded, then probed with a follow-up (or moved on).
      const points = rubricPoints(findQuestion(questionId)!).filter((p) => p.core);
      const answer = points
        .slice(0, Math.max(1, Math.ceil(points.length / 2)))
        .map((p) => p.text)
        .join(". ");
      const graded = await measured("answer (graded)", async () => readChunks(await browser.chat(session.id, "answer", answer)));
      const question = dataOf(graded, "question").at(-1);
      if (question?.kind === "followUp") await measured("answer (graded)", async () => readChunks(await browser.chat(session.id, "dont-know")));
      await measured("next question", async () => readChunks(await browser.chat(session.id, "next")));
      await measured("ask the interviewer", async () => readChunks(await browser.chat(session.id, "ask", "What does select_related do?")));
      await measured("reload session", async () => (await browser.getSession(session.id)).json());
    }
    console.log(`  ${await databaseKind()}, ${values.sessions} practice sessions, in-process route handlers`);
    for (const [kind, f] of Object.entries(figures)) {
      console.log(
        `  ${kind.padEnd(20)} statements p50 ${pct(f.statements, 50)} max ${Math.max(...f.statements)}   time p50 ${pct(f.ms, 50).toFixed(1)} ms p99 ${pct(f.ms, 99).toFixed(1)} ms`,
      );
    }
    return figures;
  } finally {
    await closeDb();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, async () => {
  await main();
});
