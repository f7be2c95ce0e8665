import { readFileSync } from "node:fs";
import { getSearchIndex, searchIndex, DEFAULT_TUNING, type SearchTuning } from "@/lib/search/search";
import { getThesaurus } from "@/lib/search/thesaurus";
import { readRetrievalCases } from "../eval-retrieval";
const NB: Record<string, [string, number][]> = JSON.parse(readFileSync(process.env.NB ?? "/tmp/docs/neighbors.json", "utf8"));
const STOP = new Set("a an the and or but if of to in on at by for with from as is are was were be been it this that you your we i me my they them what which who how why when where do does did can could should would will not no so just also into about some any all more up out like um uh so basically okay yeah get make want need thing stuff".split(" "));
function matcher(theta: number, m: number, combine: boolean) {
  const base = getThesaurus();
  return { expand(text: string) {
    const words = (text.toLowerCase().match(/[a-z][a-z0-9]*/g) ?? []).filter((w) => !STOP.has(w) && w.length > 1);
    const q = new Set(words);
    const terms: string[] = combine ? [...base.expand(text).terms] : [];
    for (const w of words) for (const [n, s] of (NB[w] ?? []).slice(0, m)) if (s >= theta && !q.has(n)) terms.push(n);
    return { terms, groups: [] } as any;
  } } as any;
}
async function main() {
  const { index, embedder } = await getSearchIndex();
  const sets = ["dev", "extra", "holdout2", "holdout3"];
  const configs: [string, "hybrid" | "fulltext", SearchTuning, any][] = [["default", "hybrid", DEFAULT_TUNING, getThesaurus()]];
  for (const theta of [0.4, 0.5, 0.6]) for (const m of [2, 4]) for (const w of [0.5, 1]) for (const combine of [false, true])
    configs.push([`th${theta} m${m} w${w}${combine ? " +thes" : ""}`, "hybrid", { ...DEFAULT_TUNING, expansion: { fulltext: 1, hybrid: w, vector: 0 } }, matcher(theta, m, combine)]);
  for (const [name, mode, tuning, th] of configs) {
    const row: string[] = []; let all: number[] = [];
    for (const set of sets) {
      const cases = readRetrievalCases(`eval/retrieval-${set}.jsonl`);
      const ranks: number[] = [];
      for (const c of cases) { const hits = await searchIndex(index, embedder, c.query, { mode, limit: 10 }, tuning, th); ranks.push(hits.findIndex((h) => c.expected.includes(h.title)) + 1); }
      all = all.concat(ranks); row.push(`${ranks.filter((r) => r === 1).length}/${ranks.filter((r) => r >= 1 && r <= 3).length}`);
    }
    const n = all.length;
    console.log(name.padEnd(24), row.join("  ").padEnd(28), `all R@1 ${(all.filter((r) => r === 1).length / n).toFixed(3)} R@3 ${(all.filter((r) => r >= 1 && r <= 3).length / n).toFixed(3)} MRR ${(all.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n).toFixed(3)}`);
  }
}
main();
