import { readFileSync } from "node:fs";
import { create, insertMultiple, search } from "@orama/orama";
import { topicOf } from "@/lib/search/search";
import { searchableText } from "@/lib/search/bank-index";
import { STOP_WORDS } from "@/lib/embeddings/words";
import { readRetrievalCases } from "../eval-retrieval";
async function main() {
  const sections = readFileSync("/tmp/docs/sections.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const db = create({ schema: { heading: "string", body: "string", i: "number" } as const, components: { tokenizer: { language: "english", stemming: true, stopWords: [...STOP_WORDS] } } });
  await insertMultiple(db, sections.map((s, i) => ({ heading: searchableText(s.heading), body: searchableText(s.text), i })));
  for (const set of ["dev", "holdout3"]) for (const c of readRetrievalCases(`eval/retrieval-${set}.jsonl`).slice(0, 12)) {
    const res = await search(db, { term: topicOf(c.query).terms, limit: 4, properties: ["heading", "body"] });
    console.log(`\n${c.query}\n  → ${c.expected[0]}`);
    for (const h of res.hits) { const s = sections[(h.document as any).i]; console.log(`    ${s.source}:${s.path} # ${s.heading}`); }
  }
}
main();
