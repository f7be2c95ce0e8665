import { readFileSync } from "node:fs";
import { z } from "zod";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad arguments: the CLI prints the message and the command's usage and exits with code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** `parseArgs` with its errors turned into UsageError, so every command reports them the same way. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}

/**
 * The lines of a JSON-lines `--input` file, each checked against `schema`. Blank lines are
 * skipped; a line that is not JSON or not of the schema is a UsageError naming file:line.
 */
export function readJsonLines<S extends z.ZodType>(file: string, schema: S, expected: string, usage: string): z.infer<S>[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read --input ${file}: ${error instanceof Error ? error.message : String(error)}`, usage);
  }
  const rows: z.infer<S>[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not valid JSON`, usage);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw new UsageError(`${file}:${i + 1}: needs ${expected}`, usage);
    rows.push(result.data);
  });
  return rows;
}

const queryLineSchema = z.object({ query: z.string().trim().min(1) });

/**
 * What a command that takes `"<query>"` or `--input FILE.jsonl` (lines with a "query") is asked:
 * the queries, and whether they came from a file (then each result is printed as one JSON line).
 */
export function queriesOf(input: string | undefined, positionals: string[], usage: string): { queries: string[]; fromFile: boolean } {
  if (input !== undefined) {
    if (positionals.length > 0) throw new UsageError("give either a query or --input, not both", usage);
    return { queries: readJsonLines(input, queryLineSchema, 'a non-empty string "query" field', usage).map((line) => line.query), fromFile: true };
  }
  const query = positionals.join(" ").trim();
  if (!query) throw new UsageError("missing the query", usage);
  return { queries: [query], fromFile: false };
}
