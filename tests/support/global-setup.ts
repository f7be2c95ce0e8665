/**
 * Vitest global setup: the trained artefacts (search index, query router, grading matcher) are
 * derived from content only, so they are built once per run into the project's .data/ (what
 * `npm run index` writes) and copied into each suite's fresh data directory (support/database.ts)
 * instead of every test file training its own: on a loaded 2-core CI machine that training took
 * longer than a test's timeout.
 */
import { getMatcher } from "@/lib/grading/local/matcher";
import { openQueryRouter } from "@/lib/search/query-router";
import { getSearchIndex } from "@/lib/search/search";

export default async function setup(): Promise<void> {
  for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "REHEARSE_DATA_DIR"]) delete process.env[name];
  process.env.REHEARSE_EMBEDDINGS = "local";
  await getSearchIndex();
  openQueryRouter();
  getMatcher();
  delete process.env.REHEARSE_EMBEDDINGS;
}
