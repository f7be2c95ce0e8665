/**
 * Size of the LLM judge's prompt for every question of the bank, with the dev-set answers.
 * Tokens are estimated at ~4 characters per token (no tokenizer is installed).
 * `npx tsx scripts/bench-llm-prompt.ts [--json]`
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getBank } from "@/lib/bank/load";
import { buildLlmPrompt, LLM_PROMPT_VERSION, llmJudgmentSchema } from "@/lib/grading/llm-prompt";
import { rubricPoints } from "@/lib/grading/rubric";
import { runIfMain } from "./run-main";

const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export interface PromptSize {
  questionId: string;
  points: number;
  answerTokens: number;
  /** Instructions + user prompt + the JSON schema sent as response_format. */
  totalTokens: number;
}

export interface PromptBench {
  version: string;
  instructionsTokens: number;
  schemaTokens: number;
  perQuestion: PromptSize[];
  totalTokens: { min: number; median: number; max: number };
}

/** The longest dev-set answer per question title, so the figures are an upper-ish bound. */
function devAnswers(): Map<string, string> {
  const answers = new Map<string, string>();
  for (const line of readFileSync("eval/grading-dev.jsonl", "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = z.object({ question: z.string(), answer: z.string() }).parse(JSON.parse(line));
    if ((answers.get(row.question)?.length ?? -1) < row.answer.length) answers.set(row.question, row.answer);
  }
  return answers;
}

export function benchPrompt(): PromptBench {
  const answers = devAnswers();
  const schemaTokens = estimateTokens(JSON.stringify(z.toJSONSchema(llmJudgmentSchema)));
  let instructionsTokens = 0;
  const perQuestion = getBank().map((question) => {
    const answer = answers.get(question.title) ?? "A typical spoken answer of about eighty words. ".repeat(8);
    const { instructions, prompt } = buildLlmPrompt({ question, points: rubricPoints(question), answer });
    instructionsTokens = estimateTokens(instructions);
    return {
      questionId: question.id,
      points: rubricPoints(question).length,
      answerTokens: estimateTokens(answer),
      totalTokens: estimateTokens(instructions) + estimateTokens(prompt) + schemaTokens,
    };
  });
  const totals = perQuestion.map((q) => q.totalTokens).sort((a, b) => a - b);
  return {
    version: LLM_PROMPT_VERSION,
    instructionsTokens,
    schemaTokens,
    perQuestion,
    totalTokens: { min: totals[0] ?? 0, median: totals[Math.floor(totals.length / 2)] ?? 0, max: totals[totals.length - 1] ?? 0 },
  };
}

export function main(argv: string[] = process.argv.slice(2)): void {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  const bench = benchPrompt();
  if (values.json) {
    console.log(JSON.stringify(bench, null, 2));
    return;
  }
  console.log(`LLM judge prompt ${bench.version} (~4 chars/token)`);
  console.log(`instructions ~${bench.instructionsTokens} tokens, response schema ~${bench.schemaTokens} tokens`);
  for (const q of bench.perQuestion) {
    console.log(`  ${q.questionId.padEnd(50)} ${String(q.points).padStart(2)} points  answer ~${String(q.answerTokens).padStart(4)}  total ~${q.totalTokens}`);
  }
  const t = bench.totalTokens;
  console.log(`total per call: min ~${t.min}, median ~${t.median}, max ~${t.max} tokens`);
}

runIfMain(import.meta.url, () => main());
