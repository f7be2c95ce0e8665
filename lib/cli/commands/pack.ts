import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { graderModel } from "@/lib/ai/providers";
import { parseBank } from "@/lib/bank/parse";
import { env } from "@/lib/env";
import { PACK_DIR, packFile } from "@/lib/bank/pack";
import { draftPack } from "@/lib/grading/pack-draft";
import { rubricPoints } from "@/lib/grading/rubric";
import { parseCommandArgs, UsageError } from "../usage";

/** Printed for `rehearse <command> --help` and after a usage error. */
export const USAGE = `Usage: rehearse pack build <bank.md> [--out DIR] [--force]

  Drafts a grading pack for every question of a bank with the configured LLM (OPENAI_API_KEY and/or
  OPENAI_BASE_URL), validates it against the question's rubric and writes <out>/<question-id>.json
  for you to review. The offline judge then grades that bank without a key.

  --out      where packs go (default: content/packs)
  --force    overwrite packs that already exist (default: keep them)`;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    { args: argv, allowPositionals: true, options: { out: { type: "string" }, force: { type: "boolean" } } },
    USAGE,
  );
  const [action, bankFile, ...extra] = positionals;
  if (action !== "build" || !bankFile || extra.length) throw new UsageError("expected: pack build <bank.md>", USAGE);
  let markdown: string;
  try {
    markdown = readFileSync(bankFile, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${bankFile}: ${error instanceof Error ? error.message : String(error)}`, USAGE);
  }
  const questions = parseBank(bankFile, markdown);
  const grader = graderModel();
  if (!grader) {
    console.error(
      "rehearse pack build: drafting packs needs an LLM. Set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (any OpenAI-compatible server, e.g. Ollama).",
    );
    return 1;
  }
  const out = values.out ?? PACK_DIR;
  let failed = 0;
  for (const question of questions) {
    const file = packFile(question.id, out);
    const shown = path.relative(process.cwd(), file);
    if (existsSync(file) && !values.force) {
      console.log(`kept     ${shown} (exists; --force to redraft)`);
      continue;
    }
    try {
      const pack = await draftPack(grader.model, question, rubricPoints(question), shown, env().REHEARSE_LLM_TIMEOUT_MS * 4);
      mkdirSync(path.dirname(file), { recursive: true });
      // Write then rename: an interrupted run never leaves half a pack for the matcher to read.
      writeFileSync(`${file}.tmp`, `${JSON.stringify(pack, null, 1)}\n`);
      renameSync(`${file}.tmp`, file);
      const says = Object.values(pack.points).reduce((n, p) => n + p.says.length, 0);
      console.log(
        `drafted  ${shown}: ${Object.keys(pack.points).length} points, ${says} phrasings, ${pack.misconceptions.length} misconceptions, ${pack.offTopic.length} off-topic`,
      );
    } catch (error) {
      failed++;
      console.error(`failed   ${question.id}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  console.log(
    `\n${questions.length - failed} of ${questions.length} questions have a pack in ${path.relative(process.cwd(), out) || "."}; review them, then \`npm run index\` retrains the matcher.`,
  );
  return failed ? 1 : 0;
}
