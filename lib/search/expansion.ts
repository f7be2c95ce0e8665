import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { contentWords } from "@/lib/embeddings/words";

/**
 * Query expansion across the vocabulary gap: a paraphrase ("design pattern", "restricting")
 * gains the bank's own words that GloVe-style vectors put nearby ("architecture", "limiting"),
 * each weighted by its similarity. The table is derived offline by
 * scripts/derive-word-vectors.ts; only this compact JSON ships.
 */
export const EXPANSIONS_FILE = path.resolve(process.cwd(), "lib/search/data/expansions.json");

const expansionTableSchema = z.object({
  source: z.string(),
  common: z.number(),
  minSimilarity: z.number(),
  perWord: z.number(),
  /** word → [bank word, cosine similarity] pairs, most similar first. */
  words: z.record(z.string(), z.array(z.tuple([z.string(), z.number()]))),
});
export type ExpansionTable = z.infer<typeof expansionTableSchema>;

let table: ExpansionTable | null = null;

export function loadExpansions(file: string = EXPANSIONS_FILE): ExpansionTable {
  if (table && file === EXPANSIONS_FILE) return table;
  const parsed = expansionTableSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  if (file === EXPANSIONS_FILE) table = parsed;
  return parsed;
}

export interface ExpansionTerm {
  word: string;
  weight: number;
}

/** The bank words a query's content words expand to, best weight per word, words already in the query left out. */
export function expandQuery(query: string, expansions: ExpansionTable = loadExpansions()): ExpansionTerm[] {
  const own = new Set(contentWords(query));
  const best = new Map<string, number>();
  for (const word of own) {
    for (const [near, similarity] of expansions.words[word] ?? []) {
      if (own.has(near)) continue;
      best.set(near, Math.max(best.get(near) ?? 0, similarity));
    }
  }
  return [...best].map(([word, weight]) => ({ word, weight })).sort((a, b) => b.weight - a.weight);
}
