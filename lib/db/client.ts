import "server-only";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { Pool } from "pg";
import { env } from "@/lib/env";
import { runMigrations } from "./migrate";
import { pgliteForServer } from "./pglite-client";
import { openPglite, templateDir } from "./pglite-template";
import * as schema from "./schema";

/** The one database type the queries are written against: PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Advisory lock key held while migrating Postgres (any constant unique to this app). */
const MIGRATION_LOCK = 7_312_046;

/**
 * Statements sent to the database since start, as drizzle's logger sees them (on Postgres that
 * includes each transaction's BEGIN and COMMIT; PGlite's are not counted): scripts/bench-turn.ts
 * prints how many one interview turn costs.
 */
let statements = 0;
const logger = { logQuery: () => void statements++ };
export const statementsSent = (): number => statements;

interface OpenDb {
  db: Db;
  kind: "pglite" | "postgres";
  close: () => Promise<void>;
}

/**
 * Kept on globalThis: Next.js dev reloads modules, and a second PGlite over the same directory
 * would corrupt it.
 */
const holder = globalThis as typeof globalThis & { __rehearseDb?: Promise<OpenDb> };

async function open(): Promise<OpenDb> {
  const e = env();
  if (e.DATABASE_URL) {
    const pool = new Pool({ connectionString: e.DATABASE_URL, max: 5 });
    // An idle connection the server ends (a restart, a failover, an administrator) is an "error" event
    // on the pool; unheard, it would stop the whole process. The pool replaces the connection.
    pool.on("error", (error) => console.error(`[rehearse] database connection closed by the server: ${error.message}`));
    const db = drizzlePostgres({ client: pool, schema, logger });
    // Several processes may start at once (app instances, parallel test files): one migrates at a time.
    const lock = await pool.connect();
    try {
      await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
      await runMigrations({ kind: "postgres", db });
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
      lock.release();
    }
    return { db: db as unknown as Db, kind: "postgres", close: () => pool.end() };
  }
  // PGlite runs on this (the server's main) thread. Running it on a worker thread instead was
  // measured (branch h-perf3, commits e58b79e and 50b4d02, then reverted). The load bench's
  // throughput stayed the same (~17 answers/s on the shared 2-core machine: the server got ~1.1
  // cores either way), and it cost every turn a thread hop per statement (one candidate's graded
  // answer 37 → 43 ms; a query plus a two-statement transaction 1.6 → 4.2 ms). When the statements
  // inside a transaction were asynchronous, PGlite's one connection stayed held while each reply
  // waited behind other requests' work, and end-of-stream p50 under load rose to 4–6 s.
  const dir = path.resolve(e.REHEARSE_DATA_DIR, "pglite");
  mkdirSync(dir, { recursive: true });
  const client = await openPglite(dir, templateDir(e.REHEARSE_DATA_DIR));
  const db = drizzlePglite({ client: pgliteForServer(client), schema, logger });
  await runMigrations({ kind: "pglite", db });
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

/**
 * Runs `work` in one transaction: committed when it returns, rolled back when it throws. Queries
 * take the transaction as their `db`, so the caller decides what is stored together.
 */
export async function transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction((tx) => work(tx as unknown as Db));
}

/**
 * A statement built once per process and kept: drizzle builds a query's SQL text from its builder
 * on every run, and that was a good part of a turn's storage: for the read of the session a third of
 * its time (0.18 of 0.57 ms, CPU profile, PGlite, 2026-12-07); building recordReply's statement alone
 * took 0.39–0.47 ms, the review rows' read 0.26–0.32 ms (2026-12-08, this machine). Values are passed
 * as sql.placeholder()s at execute() (placeholderRow makes them for a row); `key` names the
 * statement's text (every shape of it its own key), and `build` gets the name to prepare it under.
 *
 * It runs on `db`, the database or a transaction: drizzle's prepared query holds the connection it
 * runs on (`client`, on PGlite's and node-postgres' alike), so each use is a copy of the one built,
 * pointed at `db`'s connection. Inside a transaction that is the transaction's: PGlite's one
 * connection is locked by it, and on PostgreSQL it is the pool's client the transaction holds. Kept per
 * driver (its session class): the two drivers' prepared queries differ.
 */
const builtStatements = new Map<object, Map<string, object>>();
export function preparedOn<T extends object>(db: Db, key: string, build: (db: Db, name: string) => T): T {
  const session = (db as unknown as { session: { client: unknown } }).session;
  let byKey = builtStatements.get(session.constructor);
  if (!byKey) {
    byKey = new Map();
    builtStatements.set(session.constructor, byKey);
  }
  let statement = byKey.get(key) as T | undefined;
  if (!statement) {
    // Named from the key alone: Next bundles this module once per layer (lib/process-wide.ts), all copies on one
    // pool, and PostgreSQL refuses a name a connection already prepared for other text (a counter per
    // copy did that: two copies' first statements were both "rehearse_1"). Hashed, as PostgreSQL keeps
    // 63 characters of a name and a key may be longer.
    statement = build(db, `rehearse_${createHash("sha256").update(key).digest("hex").slice(0, 24)}`);
    byKey.set(key, statement);
  }
  return Object.assign(Object.create(Object.getPrototypeOf(statement)) as T, statement, { client: session.client });
}

/**
 * A row's values as named placeholders (`${prefix}${column}`) for a statement built once
 * (preparedOn), and the values to execute it with. Columns left undefined are left out, as drizzle
 * leaves them to the column's default, and null ones are written into the statement (drizzle encodes
 * a placeholder's value with the column's encoder, which null is not for: a date's calls toISOString);
 * `shape` says which columns are there and which are null, for the statement's key.
 */
export function placeholderRow<R extends object>(prefix: string, row: R): { shape: string; placeholders: R; values: Record<string, unknown> } {
  const entries = Object.entries(row).filter(([, value]) => value !== undefined);
  const valued = entries.filter(([, value]) => value !== null);
  return {
    shape: entries.map(([key, value]) => (value === null ? `${key}=null` : key)).join(","),
    placeholders: Object.fromEntries(entries.map(([key, value]) => [key, value === null ? null : sql.placeholder(`${prefix}${key}`)])) as R,
    values: Object.fromEntries(valued.map(([key, value]) => [`${prefix}${key}`, value])),
  };
}

/** The database, opened and migrated on first use (startup steps after migrating: lib/startup.ts). */
export async function getDb(): Promise<Db> {
  holder.__rehearseDb ??= open().catch((error: unknown) => {
    holder.__rehearseDb = undefined;
    throw error;
  });
  return (await holder.__rehearseDb).db;
}

export async function databaseKind(): Promise<OpenDb["kind"]> {
  await getDb();
  return (await holder.__rehearseDb!).kind;
}

/** Tests switch data directories between files: close the current database so the next getDb() reopens. */
export async function closeDb(): Promise<void> {
  const current = holder.__rehearseDb;
  holder.__rehearseDb = undefined;
  if (current) await (await current).close();
}
