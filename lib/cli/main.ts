/**
 * The `rehearse` command line: `npm run --silent cli -- <command> [options]` or `npx rehearse <command>`.
 * Each command is a module under ./commands exporting `run(argv): Promise<exitCode>` and its `USAGE`
 * (printed here for `--help` / `-h`), loaded only
 * when it is called so one command's dependencies never slow down another.
 */
import { pathToFileURL } from "node:url";
import { BankFormatError } from "@/lib/bank/parse";
import { EnvError } from "@/lib/env";
import { UsageError } from "./usage";

export interface CommandModule {
  USAGE: string;
  run(argv: string[]): Promise<number>;
}

export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  questions: { summary: "list the question bank (--json for machine-readable output)", load: () => import("./commands/questions") },
  search: { summary: 'search the bank: search "<query>" | --input FILE.jsonl', load: () => import("./commands/search") },
  ask: { summary: 'ask the interviewer: ask "<question>" [--json] | --input FILE.jsonl --json', load: () => import("./commands/ask") },
  grade: { summary: "grade answers: grade --input FILE.jsonl [--grader local|llm]", load: () => import("./commands/grade") },
  pack: { summary: "draft grading packs for a bank with the LLM: pack build <bank.md> [--out DIR]", load: () => import("./commands/pack") },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ["Usage: rehearse <command> [options]", "", "Commands:", ...lines, "", "Run `rehearse <command> --help` for a command's options."].join("\n");
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    (name ? console.log : console.error)(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`rehearse: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let module: CommandModule;
  try {
    module = await command.load();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    console.error(`rehearse: the "${name}" command is not available in this build (${detail})`);
    return 1;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(module.USAGE);
    return 0;
  }
  try {
    return await module.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`rehearse ${name}: ${error.message}\n\n${error.usage}`);
      return 2;
    }
    if (error instanceof BankFormatError || error instanceof EnvError) {
      console.error(`rehearse: ${error.message}`);
      return 1;
    }
    console.error(`rehearse ${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => {
    process.exitCode = code;
  });
}
