/**
 * Build the search index of the question bank, train the query router and the grading matcher, saved under REHEARSE_DATA_DIR/
 * (`npm run index`). The app and the CLI load it at start and never re-embed the bank.
 */
import { statSync } from "node:fs";
import { loadBank } from "@/lib/bank/load";
import { getEmbedder } from "@/lib/embeddings";
import { defaultMatcherFile, saveArtefact, trainMatcher } from "@/lib/grading/local/matcher";
import { buildBankIndex, contentHash, defaultIndexFile, saveBankIndex } from "@/lib/search/bank-index";
import { defaultRouterFile, saveRouterArtefact, trainRouter } from "@/lib/search/query-router";
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

  // The query router (which question a candidate's question is about), trained from the packs.
  const routerStarted = performance.now();
  const router = trainRouter(questions);
  const routerFile = defaultRouterFile();
  saveRouterArtefact(router, routerFile);
  console.error(
    `rehearse: trained the query router on ${router.exemplars} exemplars in ${(performance.now() - routerStarted).toFixed(0)} ms → ${routerFile} (${(statSync(routerFile).size / 1024).toFixed(0)} KB)`,
  );

  // The local judge's matcher, trained from the grading packs, beside the index.
  const trainStarted = performance.now();
  const artefact = trainMatcher(questions);
  const matcherFile = defaultMatcherFile();
  saveArtefact(artefact, matcherFile);
  console.error(
    `rehearse: trained the grading matcher on ${artefact.exemplars} exemplars in ${(performance.now() - trainStarted).toFixed(0)} ms → ${matcherFile} (${(statSync(matcherFile).size / 1024).toFixed(0)} KB)`,
  );
  return 0;
}

runIfMain(import.meta.url, () => main());
