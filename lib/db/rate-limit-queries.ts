import { lt, sql } from "drizzle-orm";
import { getDb } from "./client";
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
  const db = await getDb();
  const rows = await db
    .insert(rateLimits)
    .values(counters.map((c) => ({ scope: c.scope, key: c.key, windowStart, expiresAt, count: 1 })))
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.key, rateLimits.windowStart],
      set: { count: sql`${rateLimits.count} + 1` },
    })
    .returning({ scope: rateLimits.scope, key: rateLimits.key, count: rateLimits.count });
  return counters.map((c) => rows.find((r) => r.scope === c.scope && r.key === c.key)!.count);
}

/** Deletes the rows of windows that have ended: they no longer limit anything. Returns how many. */
export async function deleteEndedWindows(now: Date): Promise<number> {
  const db = await getDb();
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ scope: rateLimits.scope });
  return deleted.length;
}
