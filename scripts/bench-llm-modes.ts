/**
 * What a server without json_schema costs the LLM judge: for each kind of OpenAI-compatible server the
 * fake can emulate (tests/support/fake-openai.ts on 127.0.0.1), the chat calls and latency of the first
 * answer (which finds the working structured-output mode) and of the answers after it (which reuse it),
 * and the time to the first streamed verdict. Through the real `@ai-sdk/openai` provider.
 * `npx tsx --conditions=react-server scripts/bench-llm-modes.ts [--answers N]`
 */
import { parseArgs } from "node:util";
import { createOpenAI } from "@ai-sdk/openai";
import { findQuestion } from "@/lib/bank/load";
import { forgetModesForTests } from "@/lib/ai/structured";
import { createLlmJudge } from "@/lib/grading/llm-judge";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { startFakeOpenAI, type StructuredSupport } from "@/tests/support/fake-openai";
import { runIfMain } from "./run-main";

const QUESTION_ID = "flask/application-factory-pattern-important";
const ANSWER =
  "The application factory pattern means you build the Flask app inside a function, usually create_app, instead of one global app. " +
  "It loads a different config for development, testing and production, initialises extensions with init_app and registers blueprints, " +
  "which avoids circular imports and lets every test create a fresh app.";

export interface ModeBench {
  server: StructuredSupport;
  grader: string;
  firstCalls: number;
  laterCalls: number;
  firstMs: number;
  laterP50Ms: number;
  firstVerdictP50Ms: number;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function benchModes(answers: number): Promise<ModeBench[]> {
  const question = findQuestion(QUESTION_ID);
  if (!question) throw new Error(`no question ${QUESTION_ID}`);
  const points = rubricPoints(question);
  const fake = await startFakeOpenAI();
  const results: ModeBench[] = [];
  try {
    const provider = createOpenAI({ baseURL: `${fake.url}/v1`, apiKey: "bench" });
    for (const server of ["all", "ignores-schema", "json_object", "tools"] as const) {
      fake.setStructuredSupport(server);
      forgetModesForTests();
      const judge = createLlmJudge({
        model: provider.chat("fake-model"),
        modelId: "fake-model",
        host: new URL(fake.url).host,
        fallback: localJudge,
        timeoutMs: 10_000,
        maxRetries: 0,
      });
      const calls: number[] = [];
      const ms: number[] = [];
      const firstVerdict: number[] = [];
      let grader = "";
      for (let i = 0; i < answers; i++) {
        const before = fake.chatRequests().length;
        const start = performance.now();
        let first: number | undefined;
        const assessment = await judge.grade(
          { question, points, answer: ANSWER },
          {
            onKeyPoint: () => {
              first ??= performance.now() - start;
            },
          },
        );
        ms.push(performance.now() - start);
        calls.push(fake.chatRequests().length - before);
        if (first !== undefined) firstVerdict.push(first);
        grader = assessment.grader.kind === "llm" ? "llm" : `local (${assessment.grader.fallbackCode})`;
      }
      results.push({
        server,
        grader,
        firstCalls: calls[0] ?? 0,
        laterCalls: p50(calls.slice(1)),
        firstMs: Math.round(ms[0] ?? 0),
        laterP50Ms: Math.round(p50(ms.slice(1))),
        firstVerdictP50Ms: Math.round(p50(firstVerdict)),
      });
    }
  } finally {
    await fake.close();
  }
  return results;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { answers: { type: "string", default: "8" } } });
  const answers = Number(values.answers);
  if (!Number.isInteger(answers) || answers < 2) throw new Error("--answers must be an integer ≥ 2");
  // The judge logs each failed mode attempt; the figures are what matters here.
  const warn = console.warn;
  console.warn = () => {};
  const rows = await benchModes(answers).finally(() => (console.warn = warn));
  console.log(`  ${answers} answers per server; calls and ms for the first answer, then the p50 of the others`);
  for (const r of rows) {
    console.log(
      `  ${r.server.padEnd(15)} graded by ${r.grader.padEnd(5)} first ${r.firstCalls} call(s) ${r.firstMs} ms, then ${r.laterCalls} call(s) p50 ${r.laterP50Ms} ms; first verdict p50 ${r.firstVerdictP50Ms} ms`,
    );
  }
}

runIfMain(import.meta.url, () => main(process.argv.slice(2)));
