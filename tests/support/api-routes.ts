import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { getTableName, is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import * as catchAll from "@/app/api/[...path]/route";
import * as chat from "@/app/api/chat/route";
import * as exportRoute from "@/app/api/export/route";
import * as claim from "@/app/api/identity/claim/route";
import * as deleteRoute from "@/app/api/identity/delete/route";
import * as link from "@/app/api/identity/link/route";
import * as progress from "@/app/api/progress/route";
import * as question from "@/app/api/questions/[...id]/route";
import * as questions from "@/app/api/questions/route";
import * as session from "@/app/api/sessions/[id]/route";
import * as sessions from "@/app/api/sessions/route";
import * as delivery from "@/app/api/transcribe/delivery/route";
import * as transcribe from "@/app/api/transcribe/route";
import { getDb } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";

/**
 * Every route handler module under app/api, by its route pattern, so a suite can call each one
 * the way Next does. `routeFilesOnDisk()` lets a test fail when a route is added without being
 * listed here (and so without being fuzzed or checked for cross-origin refusal).
 */

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Response | Promise<Response>;

export const ROUTE_MODULES: Record<string, Partial<Record<Method, unknown>>> = {
  "/api/[...path]": catchAll,
  "/api/chat": chat,
  "/api/export": exportRoute,
  "/api/identity/claim": claim,
  "/api/identity/delete": deleteRoute,
  "/api/identity/link": link,
  "/api/progress": progress,
  "/api/questions": questions,
  "/api/questions/[...id]": question,
  "/api/sessions": sessions,
  "/api/sessions/[id]": session,
  "/api/transcribe": transcribe,
  "/api/transcribe/delivery": delivery,
};

/** The handler a route module exports for `method` (every module answers every method: 405 handlers included). */
export function handlerOf(pattern: string, method: Method): Handler {
  const handler = ROUTE_MODULES[pattern]?.[method];
  if (typeof handler !== "function") throw new Error(`${pattern} exports no ${method}`);
  return handler as Handler;
}

/** Route patterns of the route.ts files under app/api, e.g. "/api/sessions/[id]". */
export function routeFilesOnDisk(root = path.resolve("app/api")): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === "route.ts")
        found.push(
          "/api" +
            path
              .relative(root, dir)
              .split(path.sep)
              .map((s) => (s ? `/${s}` : ""))
              .join(""),
        );
    }
  };
  walk(root);
  return found.sort();
}

/** A digest of every table's rows: equal digests mean nothing was written, updated or deleted. */
export async function databaseDigest(): Promise<Record<string, string>> {
  const db = await getDb();
  const digest: Record<string, string> = {};
  for (const table of Object.values(schema)) {
    if (!is(table, PgTable)) continue;
    const name = getTableName(table);
    const result = await db.execute(
      sql`SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS d FROM ${sql.identifier(name)} t`,
    );
    digest[name] = String((result as unknown as { rows: Array<{ d: string }> }).rows[0]!.d);
  }
  return digest;
}
