/**
 * Build the search index of the question bank, train the query router and the grading matcher, and save an empty
 * migrated database to start from, all under REHEARSE_DATA_DIR/
 * (`npm run index`). The app and the CLI load it at start and never re-embed the bank.
 */
import { statSync } from "node:fs";
import path from "node:path";
import { loadBank, saveParsedBank } from "@/lib/bank/load";
import { getEmbedder } from "@/lib/embeddings";
import { defaultMatcherFile, getMatcher, saveArtefact, trainMatcher } from "@/lib/grading/local/matcher";
import { placeDatabase, saveTemplate, templateDir } from "@/lib/db/pglite-template";
import { env } from "@/lib/env";
import { buildBankIndex, contentHash, defaultIndexFile, saveBankIndex } from "@/lib/search/bank-index";
import { defaultOutOfScopeFile, openOutOfScope } from "@/lib/search/out-of-scope";
import { defaultRouterFile, saveRouterArtefact, saveRouterVectors, trainedRouter } from "@/lib/search/query-router";
import { runIfMain } from "./run-main";

export async function main(): Promise<number> {
  const started = performance.now();
  const embedder = await getEmbedder();
  const questions = loadBank();
  // The parsed bank, read at start instead of parsing the markdown (lib/bank/load.ts).
  saveParsedBank(questions);
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
  const { artefact: router, router: trained } = trainedRouter(questions);
  const routerFile = defaultRouterFile();
  saveRouterArtefact(router, routerFile);
  saveRouterVectors(trained, routerFile);
  console.error(
    `rehearse: trained the query router on ${router.exemplars} exemplars in ${(performance.now() - routerStarted).toFixed(0)} ms → ${routerFile} (${(statSync(routerFile).size / 1024).toFixed(0)} KB)`,
  );

  // The out-of-scope topics' classifier (asking the interviewer: does the bank cover it?), beside the router.
  const outOfScopeStarted = performance.now();
  const outOfScope = openOutOfScope(trained);
  console.error(
    `rehearse: the out-of-scope classifier (${outOfScope.topicOf.length} topic phrasings) ready in ${(performance.now() - outOfScopeStarted).toFixed(0)} ms → ${defaultOutOfScopeFile()}`,
  );

  // The local judge's matcher, trained from the grading packs, beside the index.
  const trainStarted = performance.now();
  const artefact = trainMatcher(questions);
  const matcherFile = defaultMatcherFile();
  saveArtefact(artefact, matcherFile);
  console.error(
    `rehearse: trained the grading matcher on ${artefact.exemplars} exemplars in ${(performance.now() - trainStarted).toFixed(0)} ms → ${matcherFile} (${(statSync(matcherFile).size / 1024).toFixed(0)} KB)`,
  );
  // Loading it once writes its exemplar vectors beside it, which the server's start would otherwise do.
  getMatcher();

  // An empty migrated database, unpacked on a first start instead of running initdb (lib/db/pglite-template.ts).
  const templateStarted = performance.now();
  const template = templateDir(env().REHEARSE_DATA_DIR);
  await saveTemplate(template);
  console.error(`rehearse: made the empty database in ${(performance.now() - templateStarted).toFixed(0)} ms → ${template}`);
  // A data directory without a database gets it now rather than on its first start (~1 s of copying there).
  const database = path.resolve(env().REHEARSE_DATA_DIR, "pglite");
  if (placeDatabase(database, template)) console.error(`rehearse: placed the empty database → ${database}`);
  return 0;
}

runIfMain(import.meta.url, () => main());
