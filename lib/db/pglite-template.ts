import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { runMigrations } from "./migrate";

/**
 * An empty, migrated PGlite database directory made at build time (`npm run index`), copied into a
 * data directory that has no database yet. Creating a database runs PostgreSQL's initdb inside the
 * WebAssembly build, which took 9–13 s of a first start on this 2-core machine; copying the files
 * takes milliseconds (unpacking PGlite's own tarball dump of it took ~2 s, file by file through its
 * emulated file system). Migrations still run after opening, so a template older than the
 * migrations only means the newer ones are applied then.
 */
export function templateDir(dataDir: string): string {
  return path.resolve(dataDir, "pglite-template");
}

/** Opens the PGlite database in `dir`, copying the template there first when `dir` has none. */
export async function openPglite(dir: string, template: string): Promise<PGlite> {
  if (needsDatabase(dir, template)) {
    // On a worker thread: the copy is ~1,000 files (~1 s of file creation on this machine), and start-up
    // loads the matcher and the search index on the main thread meanwhile (lib/startup.ts).
    await copyIntoPlace(template, dir, copyOnWorker);
  }
  return PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...SMALL_SERVER] });
}

/**
 * PostgreSQL's shared memory sized for one embedded connection rather than its defaults (128 MB of
 * buffers, 100 connections' slots), all of which PGlite allocates and clears in WebAssembly at every
 * start. Measured on this 2-core machine (PGlite.create on a copy of the template, 12 runs
 * alternated, 2026-12-07): 320–442 ms and 274–367 MiB RSS at the defaults, 264–337 ms and 178–233
 * MiB with these. The database is ~22 MB on disk, nearly all of it PostgreSQL's own catalogs, of
 * which a server reads a small part; bench-load's 50 candidates ran no slower with these settings.
 */
const SMALL_SERVER = [
  "-c",
  "shared_buffers=32MB",
  "-c",
  "max_connections=5",
  "-c",
  "autovacuum_worker_slots=1",
  "-c",
  "max_wal_senders=0",
  "-c",
  "max_replication_slots=0",
];

/**
 * The build's step after making the template (`npm run index`): a data directory without a database
 * gets its empty database now, so that the first start opens it instead of copying the template
 * then. A database already there (a developer's, a deployment's) is never touched.
 */
export function placeDatabase(dir: string, template: string): boolean {
  if (!needsDatabase(dir, template)) return false;
  copyIntoPlace(template, dir, (from, to) => cpSync(from, to, { recursive: true }));
  return true;
}

function needsDatabase(dir: string, template: string): boolean {
  return !existsSync(path.join(dir, "PG_VERSION")) && existsSync(path.join(template, "PG_VERSION"));
}

/** Copied beside it, then renamed: a copy interrupted half-way leaves no half database behind. */
function copyIntoPlace(template: string, dir: string, copy: (from: string, to: string) => void): void;
function copyIntoPlace(template: string, dir: string, copy: (from: string, to: string) => Promise<void>): Promise<void>;
function copyIntoPlace(template: string, dir: string, copy: (from: string, to: string) => void | Promise<void>): void | Promise<void> {
  const copying = `${dir}.copying-${process.pid}`;
  const rename = () => {
    rmSync(dir, { recursive: true, force: true });
    renameSync(copying, dir);
  };
  const copied = copy(template, copying);
  return copied instanceof Promise ? copied.then(rename) : rename();
}

/** cpSync on a worker thread (its code inline, so that no bundler has a file to find). */
function copyOnWorker(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(
      'const { cpSync } = require("node:fs"); const { workerData } = require("node:worker_threads"); cpSync(workerData.from, workerData.to, { recursive: true });',
      { eval: true, workerData: { from, to } },
    );
    worker.once("error", reject);
    worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`copying the database template stopped (exit code ${code})`))));
  });
}

/** Builds the template: a new database, migrated and closed, then moved into place whole. */
export async function saveTemplate(template: string): Promise<void> {
  mkdirSync(path.dirname(template), { recursive: true });
  const building = mkdtempSync(`${template}.building-`);
  const client = await PGlite.create(building);
  try {
    await runMigrations({ kind: "pglite", db: drizzle({ client }) });
  } finally {
    await client.close();
  }
  rmSync(template, { recursive: true, force: true });
  renameSync(building, template);
}
