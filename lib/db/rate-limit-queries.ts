import { lt, sql } from "drizzle-orm";
import { getDb, preparedOn, type Db } from "./client";
import { rateLimits } from "./schema";

/** Storage of rate-limit counters (lib/limits/rate-limit.ts). */

export interface CounterKey {
  scope: string;
  key: string;
}

/**
 * Adds one to each counter's row for the window, creating it at 1, and returns the new counts in
 * the order given. One INSERT … ON CONFLICT DO UPDATE: atomic in PostgreSQL, so concurrent requests
 * on any number of app instances each see a distinct count and none is lost.
 */
export async function bumpCounters(counters: CounterKey[], windowStart: Date, expiresAt: Date): Promise<number[]> {
  if (counters.length === 0) return [];
  const values: Record<string, unknown> = { windowStart, expiresAt };
  for (const [i, c] of counters.entries()) {
    values[`scope${i}`] = c.scope;
    values[`key${i}`] = c.key;
  }
  const n = counters.length;
  const rows = await preparedOn(await getDb(), `bump_counters_${n}`, (db, name) => bumpStatement(db, name, n)).execute(values);
  return counters.map((c) => rows.find((r) => r.scope === c.scope && r.key === c.key)!.count);
}

/** The statement of bumpCounters for `n` counters (each request has one or two), built once per database. */
function bumpStatement(db: Db, name: string, n: number) {
  const row = (i: number) => ({
    scope: sql.placeholder(`scope${i}`),
    key: sql.placeholder(`key${i}`),
    windowStart: sql.placeholder("windowStart"),
    expiresAt: sql.placeholder("expiresAt"),
    count: 1,
  });
  return db
    .insert(rateLimits)
    .values(Array.from({ length: n }, (_, i) => row(i)))
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ scope: rateLimits.scope, key: rateLimits.key, count: rateLimits.count })
    .prepare(name);
}

/** Deletes the rows of windows that have ended: they no longer limit anything. Returns how many. */
export async function deleteEndedWindows(now: Date): Promise<number> {
  const db = await getDb();
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ scope: rateLimits.scope });
  return deleted.length;
}
