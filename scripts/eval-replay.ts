/**
 * The LLM path measured without a model: eval/llm-replay.jsonl holds, for 40 dev answers, the JSON a
 * careful grading model returns for the real prompt ("faithful", verbatim quotes) and the same with
 * the quote noise real models add ("noisy": fillers dropped, commas, contractions, merged clauses).
 * Each is served by the OpenAI-compatible fake server on 127.0.0.1 and graded by the real LLM judge
 * through @ai-sdk/openai, then compared with the human scores.
 *   npx tsx --conditions=react-server scripts/eval-replay.ts
 */
import { readFileSync } from "node:fs";
import { createOpenAI } from "@ai-sdk/openai";
import { getBank } from "@/lib/bank/load";
import { createLlmJudge } from "@/lib/grading/llm-judge";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { startFakeOpenAI, type ChatRequest } from "../tests/support/fake-openai";
import { DEV_FILES, formatMetrics, lengthSpearman, metricsOf } from "./fit-judge";
import { loadLabelled } from "./eval-grading";
import { runIfMain } from "./run-main";

interface ReplayRow {
  id: string;
  faithful: { keyPoints: Array<{ verdict: string }>; errors: unknown[] };
  noisy: { keyPoints: Array<{ verdict: string }>; errors: unknown[] };
}

export const REPLAY_FILE = "eval/llm-replay.jsonl";

/** The candidate's answer inside a grading prompt (between the random markers). */
function answerOf(request: ChatRequest): string {
  const text = request.messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
  const open = /<<<(ANSWER-[0-9a-f-]+)>>>\n/.exec(text);
  if (!open) return "";
  const end = text.indexOf(`\n<<<END-${open[1]}>>>`);
  return text.slice(open.index + open[0].length, end);
}

export async function main(): Promise<number> {
  const replay = readFileSync(REPLAY_FILE, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as ReplayRow);
  const labelled = new Map(DEV_FILES.flatMap((f) => loadLabelled(f)).map((r) => [r.id, r]));
  const rows = replay.map((r) => ({ replay: r, label: labelled.get(r.id)! }));
  const bank = getBank();
  let variant: "faithful" | "noisy" = "faithful";
  const byAnswer = new Map(rows.map((r) => [r.label.answer, r.replay]));
  const fake = await startFakeOpenAI();
  fake.setDefault({ kind: "ok", respond: (request) => byAnswer.get(answerOf(request))?.[variant] ?? {} });
  const model = createOpenAI({ apiKey: "replay", baseURL: `${fake.url}/v1` }).chat("replay-model");
  const judge = createLlmJudge({ model, modelId: "replay-model", fallback: localJudge, timeoutMs: 10_000, maxRetries: 0 });
  try {
    const figures = new Map<string, number>();
    for (const v of ["faithful", "noisy"] as const) {
      variant = v;
      const predicted: number[] = [];
      let credited = 0;
      let lost = 0;
      let claims = 0;
      let kept = 0;
      let fallbacks = 0;
      for (const { replay: r, label } of rows) {
        const question = bank.find((q) => q.title === label.question)!;
        const a = await judge.grade({ question, points: rubricPoints(question), answer: label.answer });
        if (a.grader.fallbackReason) fallbacks++;
        predicted.push(a.score);
        r[v].keyPoints.forEach((k, i) => {
          if (k.verdict === "missed") return;
          credited++;
          if (a.keyPoints[i]?.verdict === "missed") lost++;
        });
        claims += r[v].errors.length;
        kept += a.errors.length;
      }
      const m = metricsOf(
        rows.map((r) => r.label),
        predicted,
      );
      figures.set(v, m.spearman);
      console.log(formatMetrics(`LLM judge, replayed ${v} verdicts`, m, lengthSpearman(rows.map((r) => r.label))));
      console.log(`  verdicts lost to quoting: ${lost} of ${credited}; error claims kept: ${kept} of ${claims}; fell back to the local judge: ${fallbacks}`);
    }
    console.log(`  noisy − faithful Spearman: ${(figures.get("noisy")! - figures.get("faithful")!).toFixed(3)}`);
  } finally {
    await fake.close();
  }
  return 0;
}

runIfMain(import.meta.url, main);
