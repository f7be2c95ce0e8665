import { askBank, type AskAnswer } from "@/lib/interview/ask";
import { parseCommandArgs, queriesOf } from "../usage";

const USAGE = `Usage: rehearse ask "<question>" [--json]
       rehearse ask --input FILE.jsonl --json

  --json     print {"query", "answer", "sources": [{"id", "title", "passage"}], "grounded"} as JSON
  --input    read JSON lines with a "query" field; print one JSON line per input, same order

Answers from the question bank: offline, the reference's most relevant sentences, key points and
code, citing the question; with OPENAI_API_KEY, written by the model from those passages only.
"grounded": false means the bank does not cover the question (the answer names the nearest ones).`;

function toJson({ query, answer, sources, grounded }: AskAnswer): AskAnswer {
  return { query, answer, sources, grounded };
}

function printReadable(result: AskAnswer): void {
  console.log(result.answer);
  if (result.sources.length > 0) console.log(`\nSources:\n${result.sources.map((s, i) => `  [${i + 1}] ${s.title} (/questions/${s.id})`).join("\n")}`);
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean" },
        input: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { queries, fromFile } = queriesOf(values.input, positionals, USAGE);
  for (const query of queries) {
    const result = await askBank(query);
    if (fromFile || values.json) console.log(JSON.stringify(toJson(result)));
    else printReadable(result);
  }
  return 0;
}
