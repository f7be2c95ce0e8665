/**
 * Vitest global setup: the trained artefacts (search index, query router, grading matcher, parsed bank) are
 * derived from content only, so they are built once per run into the project's .data/ (what
 * `npm run index` writes) and copied into each suite's fresh data directory (support/database.ts)
 * instead of every test file training its own: on a loaded 2-core CI machine that training took
 * longer than a test's timeout. Likewise one migrated PGlite database is made here and copied into
 * each suite's directory: creating and migrating a fresh one per file is most of a small suite's time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadBank, saveParsedBank } from "@/lib/bank/load";
import { closeDb, getDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { getMatcher } from "@/lib/grading/local/matcher";
import { openQueryRouter } from "@/lib/search/query-router";
import { getSearchIndex } from "@/lib/search/search";
import { TEMPLATE_ENV } from "./artefacts";

export default async function setup(): Promise<() => void> {
  // Built offline and on PGlite whatever the developer's shell has set; suites set what they test.
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "REHEARSE_DATA_DIR", "DATABASE_URL"]) delete process.env[name];
  process.env.REHEARSE_EMBEDDINGS = "local";
  resetEnvForTests();
  await getSearchIndex();
  openQueryRouter();
  getMatcher();
  saveParsedBank(loadBank());

  const template = mkdtempSync(path.join(tmpdir(), "rehearse-test-template-"));
  process.env.REHEARSE_DATA_DIR = template;
  resetEnvForTests();
  await getDb();
  await closeDb();
  delete process.env.REHEARSE_DATA_DIR;
  delete process.env.REHEARSE_EMBEDDINGS;
  resetEnvForTests();
  // Workers are started after this returns and inherit the environment.
  process.env[TEMPLATE_ENV] = template;
  return () => rmSync(template, { recursive: true, force: true });
}
