import { getDb } from "@/lib/db/client";
import { env, EnvError } from "@/lib/env";
import { getMatcher } from "@/lib/grading/local/matcher";
import { backfillReviewStates } from "@/lib/progress/review-state";
import { getSearchIndex } from "@/lib/search/search";

/**
 * What the server does once at start: a bad environment variable stops it with a message naming
 * the variable; the database is migrated, and the search index, the query router and the grading
 * matcher loaded (or built), before the first request rather than during it: left to the first
 * answer, reading the matcher alone made its grading take seconds instead of milliseconds.
 */
export async function startServer(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[rehearse] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // Opening PGlite first: it compiles its WebAssembly off the main thread while the matcher, the
  // index and the router load on it (each a synchronous read), instead of one after the other.
  const storage = openStorage();
  getMatcher();
  const { index } = await getSearchIndex();
  index.router();
  await storage;
}

/**
 * Opens the database (migrations run on opening), then the one data step migrations cannot do in
 * SQL: rebuilding the review schedule of identities from before review_state existed.
 */
export async function openStorage(): Promise<void> {
  await getDb();
  const rebuilt = await backfillReviewStates();
  if (rebuilt > 0) console.log(`[rehearse] rebuilt the review schedule of ${rebuilt} identities`);
}
