import { readFileSync } from "node:fs";
import { z } from "zod";
import { getBank, findQuestion } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { env, llmConfigured } from "@/lib/env";
import type { Assessment } from "@/lib/grading/assessment";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { termSet } from "@/lib/grading/terms";
import { parseCommandArgs, UsageError } from "../usage";

const USAGE = `Usage: rehearse grade --input FILE.jsonl [--grader local|llm]

  --input    JSON lines {"id"?, "question", "answer"}; "question" is a bank title (exact) or any text to search for
  --grader   local (default: no key, no network) or llm (needs OPENAI_API_KEY)

Prints one JSON line per input, same order: {"id", ...assessment}.`;

const inputLineSchema = z.object({ id: z.union([z.string(), z.number()]).optional(), question: z.string().min(1), answer: z.string() });
type InputLine = z.infer<typeof inputLineSchema>;

function readInput(file: string): InputLine[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${file}: ${error instanceof Error ? error.message : String(error)}`, USAGE);
  }
  const lines: InputLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not valid JSON`, USAGE);
    }
    const result = inputLineSchema.safeParse(parsed);
    if (!result.success) throw new UsageError(`${file}:${i + 1}: needs string "question" and "answer" fields`, USAGE);
    lines.push(result.data);
  });
  return lines;
}

/** Title-word overlap: the fallback when the search index cannot answer. */
function bestTitleMatch(text: string): Question | undefined {
  const words = termSet(text);
  let best: Question | undefined;
  let bestScore = 0;
  for (const q of getBank()) {
    const title = termSet(q.title);
    let shared = 0;
    for (const w of words) if (title.has(w)) shared++;
    const score = shared / Math.sqrt(title.size || 1);
    if (score > bestScore) {
      best = q;
      bestScore = score;
    }
  }
  return best;
}

/** The bank question an input names: exact title, then id, then search. */
async function resolveQuestion(text: string): Promise<Question | undefined> {
  const exact = getBank().find((q) => q.title === text.trim()) ?? findQuestion(text.trim());
  if (exact) return exact;
  try {
    const { searchBank } = await import("@/lib/search/search");
    const [hit] = await searchBank(text, { limit: 1 });
    if (hit) return findQuestion(hit.id);
  } catch {
    // The search index may be unavailable (not built yet); title overlap still finds the question.
  }
  return bestTitleMatch(text);
}

type GradeFn = (args: { question: Question; answer: string; grader: "llm" | "local" }) => Promise<Assessment>;

async function llmGrader(): Promise<GradeFn> {
  // A variable specifier: lib/grading/grade.ts selects judges and may not exist in every checkout.
  const specifier = "@/lib/grading/grade";
  const mod = (await import(/* @vite-ignore */ specifier)) as { gradeAnswer?: GradeFn };
  if (typeof mod.gradeAnswer !== "function") throw new Error("lib/grading/grade.ts does not export gradeAnswer");
  return mod.gradeAnswer;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    {
      args: argv,
      options: {
        input: { type: "string" },
        grader: { type: "string", default: "local" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: false,
    },
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.input) throw new UsageError("--input FILE.jsonl is required", USAGE);
  const grader = values.grader;
  if (grader !== "local" && grader !== "llm") throw new UsageError(`--grader must be local or llm, not "${grader}"`, USAGE);
  if (grader === "llm" && !llmConfigured(env())) {
    console.error("--grader llm needs an API key: set OPENAI_API_KEY (and optionally OPENAI_BASE_URL for another OpenAI-compatible server, OPENAI_MODEL for the model).");
    return 2;
  }

  const lines = readInput(values.input);
  const gradeWithLlm = grader === "llm" ? await llmGrader() : null;
  let failures = 0;
  for (const line of lines) {
    const question = await resolveQuestion(line.question);
    if (!question) {
      failures++;
      console.log(JSON.stringify({ id: line.id ?? null, error: `no bank question matches "${line.question}"` }));
      continue;
    }
    const assessment = gradeWithLlm
      ? await gradeWithLlm({ question, answer: line.answer, grader: "llm" })
      : await localJudge.grade({ question, points: rubricPoints(question), answer: line.answer });
    console.log(JSON.stringify({ id: line.id ?? null, ...assessment }));
  }
  return failures > 0 ? 1 : 0;
}
