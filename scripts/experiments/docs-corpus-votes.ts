import { readFileSync } from "node:fs";
import { create, insertMultiple, search } from "@orama/orama";
import { getSearchIndex, searchIndex, DEFAULT_TUNING, topicOf } from "@/lib/search/search";
import { loadBank } from "@/lib/bank/load";
import { readRetrievalCases } from "../eval-retrieval";
import { searchableText } from "@/lib/search/bank-index";
import { STOP_WORDS } from "@/lib/embeddings/words";

const MAPQ = Number(process.env.MAPQ ?? 60);
const TOPK = Number(process.env.TOPK ?? 10);
async function main() {
  const sections = readFileSync("/tmp/docs/sections.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const { index, embedder } = await getSearchIndex();
  const bank = loadBank();
  const titleOf = new Map(bank.map((q) => [q.id, q.title]));
  // map sections → questions
  const t0 = performance.now();
  const mapped: { qid: string; w: number }[][] = [];
  for (const s of sections) {
    const q = `${s.heading} ${s.text.split(" ").slice(0, MAPQ).join(" ")}`;
    const hits = await searchIndex(index, embedder, q, { mode: "hybrid", limit: 3 });
    const top = hits[0];
    if (!top) { mapped.push([]); continue; }
    const margin = top.score / (hits[1]?.score ?? 1e-9);
    mapped.push(margin > Number(process.env.MARGIN ?? 1.0) ? [{ qid: top.id, w: 1 }] : []);
  }
  console.error("mapping ms", Math.round(performance.now() - t0), "kept", mapped.filter((m) => m.length).length);
  const db = create({ schema: { heading: "string", body: "string", i: "number" } as const, components: { tokenizer: { language: "english", stemming: true, stopWords: [...STOP_WORDS] } } });
  await insertMultiple(db, sections.map((s, i) => ({ heading: searchableText(s.heading), body: searchableText(s.text), i })));
  const sets = ["dev", "extra", "holdout2", "holdout3"];
  for (const wDocs of [0, 0.5, 1, 1.5]) {
    const row: string[] = []; let all: number[] = [];
    for (const set of sets) {
      const cases = readRetrievalCases(`eval/retrieval-${set}.jsonl`);
      const ranks: number[] = [];
      for (const c of cases) {
        const base = await searchIndex(index, embedder, c.query, { mode: "hybrid", limit: 16 });
        const sc = new Map<string, number>();
        base.forEach((h) => sc.set(h.id, h.score));
        if (wDocs > 0) {
          const res = await search(db, { term: topicOf(c.query).terms, limit: TOPK, properties: ["heading", "body"] });
          const votes = new Map<string, number>();
          res.hits.forEach((h, r) => { for (const m of mapped[(h.document as any).i] ?? []) votes.set(m.qid, (votes.get(m.qid) ?? 0) + m.w / (r + 1)); });
          [...votes].sort((a, b) => b[1] - a[1]).forEach(([id], r) => sc.set(id, (sc.get(id) ?? 0) + wDocs / (60 + r + 1)));
        }
        const order = [...sc].sort((a, b) => b[1] - a[1]).map(([id]) => id);
        ranks.push(order.findIndex((id) => c.expected.includes(titleOf.get(id)!)) + 1);
      }
      all = all.concat(ranks);
      row.push(`${ranks.filter((r) => r === 1).length}/${ranks.filter((r) => r >= 1 && r <= 3).length}/${cases.length}`);
    }
    const n = all.length;
    console.log(`docs w${wDocs}`.padEnd(10), row.join("  ").padEnd(34), `all R@1 ${(all.filter((r) => r === 1).length / n).toFixed(3)} R@3 ${(all.filter((r) => r >= 1 && r <= 3).length / n).toFixed(3)} MRR ${(all.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n).toFixed(3)}`);
  }
}
main();
