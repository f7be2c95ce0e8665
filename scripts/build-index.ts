/**
 * Build the search index of the question bank and save it under REHEARSE_DATA_DIR/index/
 * (`npm run index`). The app and the CLI load it at start and never re-embed the bank.
 */
import { statSync } from "node:fs";
import { loadBank } from "@/lib/bank/load";
import { getEmbedder } from "@/lib/embeddings";
import { buildBankIndex, contentHash, defaultIndexFile, saveBankIndex } from "@/lib/search/bank-index";
import { runIfMain } from "./run-main";

export async function main(): Promise<number> {
  const started = performance.now();
  const embedder = await getEmbedder();
  const questions = loadBank();
  const index = await buildBankIndex(embedder, questions, contentHash());
  const file = defaultIndexFile();
  saveBankIndex(index, file);
  const ms = performance.now() - started;
  const kb = statSync(file).size / 1024;
  console.error(
    `rehearse: indexed ${questions.length} questions with ${embedder.id} (${embedder.dimensions} dims) in ${ms.toFixed(0)} ms → ${file} (${kb.toFixed(0)} KB)`,
  );
  return 0;
}

runIfMain(import.meta.url, () => main());
