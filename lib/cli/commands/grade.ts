import { z } from "zod";
import { gradeAnswer } from "@/lib/grading/grade";
import { retrieveReference } from "@/lib/grading/reference";
import { env, llmConfigured } from "@/lib/env";
import { parseCommandArgs, readJsonLines, UsageError } from "../usage";

/** Printed for `rehearse <command> --help` and after a usage error. */
export const USAGE = `Usage: rehearse grade --input FILE.jsonl [--grader local|llm]

  --input    JSON lines {"id"?, "question", "answer"}; "question" is a bank title (exact) or any text to search for
  --grader   llm (needs OPENAI_API_KEY or OPENAI_BASE_URL; the default when one is set) or local (no key, no network; the default otherwise)

Prints one JSON line per input, same order: {"id", ...assessment}.`;

const inputLineSchema = z.object({ id: z.union([z.string(), z.number()]).optional(), question: z.string().min(1), answer: z.string() });
type InputLine = z.infer<typeof inputLineSchema>;

function readInput(file: string): InputLine[] {
  return readJsonLines(file, inputLineSchema, 'string "question" and "answer" fields', USAGE);
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(
    {
      args: argv,
      options: {
        input: { type: "string" },
        grader: { type: "string" },
      },
      allowPositionals: false,
    },
    USAGE,
  );
  if (!values.input) throw new UsageError("--input FILE.jsonl is required", USAGE);
  const grader = values.grader ?? (llmConfigured(env()) ? "llm" : "local");
  if (grader !== "local" && grader !== "llm") throw new UsageError(`--grader must be local or llm, not "${grader}"`, USAGE);
  if (grader === "llm" && !llmConfigured(env())) {
    console.error(
      "--grader llm needs an LLM: set OPENAI_API_KEY, or OPENAI_BASE_URL alone for a keyless OpenAI-compatible server such as Ollama (and optionally OPENAI_MODEL for the model).",
    );
    return 2;
  }

  const lines = readInput(values.input);
  let failures = 0;
  for (const line of lines) {
    const question = await retrieveReference(line.question);
    if (!question) {
      failures++;
      console.log(JSON.stringify({ id: line.id ?? null, error: `no bank question matches "${line.question}"` }));
      continue;
    }
    const assessment = await gradeAnswer({ questionId: question.id, answer: line.answer, grader });
    console.log(JSON.stringify({ id: line.id ?? null, ...assessment }));
  }
  return failures > 0 ? 1 : 0;
}
