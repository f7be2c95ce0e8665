import { getSearchIndex, searchIndex, DEFAULT_TUNING, type SearchTuning } from "@/lib/search/search";
import { readRetrievalCases } from "../eval-retrieval";
const sets = ["dev", "extra", "holdout2", "holdout3"].map((s) => `eval/retrieval-${s}.jsonl`);
async function main() {
  const { index, embedder } = await getSearchIndex();
  const configs: [string, "hybrid" | "fulltext" | "vector", SearchTuning][] = [];
  configs.push(["fulltext+thes", "fulltext", DEFAULT_TUNING]);
  configs.push(["fulltext", "fulltext", { ...DEFAULT_TUNING, expansion: { fulltext: 0, hybrid: 0, vector: 0 } }]);
  for (const h of [0, 0.5, 1]) for (const v of [0, 0.25, 0.5]) for (const tw of [1, 1.5]) for (const k of [10, 60])
    configs.push([`hyb exp${h} vec${v} text${tw} k${k}`, "hybrid", { ...DEFAULT_TUNING, rrfK: k, hybridWeights: { text: tw, vector: 1 }, expansion: { fulltext: 1, hybrid: h, vector: v } }]);
  for (const [name, mode, tuning] of configs) {
    const row: string[] = []; let all: number[] = [];
    for (const set of sets) {
      const cases = readRetrievalCases(set);
      const ranks: number[] = [];
      for (const c of cases) {
        const hits = await searchIndex(index, embedder, c.query, { mode, limit: 10 }, tuning);
        ranks.push(hits.findIndex((h) => c.expected.includes(h.title)) + 1);
      }
      all = all.concat(ranks);
      row.push(`${ranks.filter((r) => r === 1).length}/${ranks.filter((r) => r >= 1 && r <= 3).length}`);
    }
    const n = all.length;
    console.log(name.padEnd(28), row.join("  ").padEnd(30), `all R@1 ${(all.filter((r) => r === 1).length / n).toFixed(3)} R@3 ${(all.filter((r) => r >= 1 && r <= 3).length / n).toFixed(3)} MRR ${(all.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n).toFixed(3)}`);
  }
}
main();
