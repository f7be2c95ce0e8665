/**
 * Retrieval quality on eval/retrieval-dev.jsonl: R@1, R@3 and MRR per search mode.
 * `npx tsx --conditions=react-server scripts/eval-retrieval.ts [--file eval/other.jsonl] [--json]`
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { getSearchIndex, searchIndex } from "@/lib/search/search";
import type { SearchHit, SearchMode } from "@/lib/search/types";
import { runIfMain } from "./run-main";

export const DEV_SET = "eval/retrieval-dev.jsonl";

const retrievalCaseSchema = z.object({
  query: z.string().min(1),
  /** Titles of the questions that count as a right answer; none for a query the bank does not cover. */
  expected: z.array(z.string().min(1)),
  /** A phrase the answer to the query must contain (the ask evaluation); empty or absent for none. */
  fact: z.string().optional(),
});
export type RetrievalCase = z.infer<typeof retrievalCaseSchema>;

export interface RetrievalScores {
  mode: SearchMode;
  queries: number;
  recallAt1: number;
  recallAt3: number;
  mrr: number;
  /** Queries whose first result was wrong, for reading what fails. */
  misses: { query: string; expected: string[]; got: string[] }[];
}

export function readRetrievalCases(file: string = DEV_SET): RetrievalCase[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, i) => {
      try {
        return retrievalCaseSchema.parse(JSON.parse(line));
      } catch (error) {
        throw new Error(`${file}:${i + 1}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
}

/**
 * Score a search function on cases: a case is found at rank k when any expected title is at k.
 * Out-of-bank cases (no expected title) have no rank to find: they are left out of recall (the
 * ask evaluation checks that they are answered "not covered").
 */
export async function scoreRetrieval(mode: SearchMode, cases: RetrievalCase[], run: (query: string) => Promise<SearchHit[]>): Promise<RetrievalScores> {
  let at1 = 0;
  let at3 = 0;
  let reciprocal = 0;
  const misses: RetrievalScores["misses"] = [];
  const inBank = cases.filter((c) => c.expected.length > 0);
  for (const c of inBank) {
    const titles = (await run(c.query)).map((h) => h.title);
    const rank = titles.findIndex((t) => c.expected.includes(t)) + 1;
    if (rank === 1) at1++;
    if (rank >= 1 && rank <= 3) at3++;
    if (rank >= 1) reciprocal += 1 / rank;
    if (rank !== 1) misses.push({ query: c.query, expected: c.expected, got: titles.slice(0, 3) });
  }
  const n = inBank.length || 1;
  return { mode, queries: inBank.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: reciprocal / n, misses };
}

/** Scores of every mode with the configured embedder and the saved (or freshly built) index. */
export async function evalRetrieval(file: string = DEV_SET): Promise<RetrievalScores[]> {
  const cases = readRetrievalCases(file);
  const { index, embedder } = await getSearchIndex();
  const modes: SearchMode[] = ["fulltext", "vector", "hybrid"];
  const scores: RetrievalScores[] = [];
  for (const mode of modes) {
    scores.push(await scoreRetrieval(mode, cases, (q) => searchIndex(index, embedder, q, { mode, limit: 10 })));
  }
  return scores;
}

export function formatScores(scores: RetrievalScores[]): string {
  const rows = scores.map((s) => `| ${s.mode.padEnd(8)} | ${s.recallAt1.toFixed(3)} | ${s.recallAt3.toFixed(3)} | ${s.mrr.toFixed(3)} |`);
  return ["| mode     | R@1   | R@3   | MRR   |", "|----------|-------|-------|-------|", ...rows].join("\n");
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { file: { type: "string" }, json: { type: "boolean" }, misses: { type: "boolean" } } });
  const scores = await evalRetrieval(values.file ?? DEV_SET);
  if (values.json) {
    console.log(JSON.stringify(scores));
    return 0;
  }
  const { embedder } = await getSearchIndex();
  const outOfBank = readRetrievalCases(values.file ?? DEV_SET).filter((c) => c.expected.length === 0).length;
  console.log(
    `Retrieval on ${values.file ?? DEV_SET} (${scores[0]?.queries ?? 0} queries${outOfBank ? `; ${outOfBank} out-of-bank queries not scored for recall` : ""}), embedder ${embedder.id}\n`,
  );
  console.log(formatScores(scores));
  if (values.misses) {
    for (const s of scores) {
      for (const m of s.misses) console.log(`\n[${s.mode}] ${m.query}\n  expected: ${m.expected.join(" | ")}\n  got:      ${m.got.join(" | ")}`);
    }
  }
  return 0;
}

runIfMain(import.meta.url, () => main());
