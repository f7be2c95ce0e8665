import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
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
  if (!existsSync(path.join(dir, "PG_VERSION")) && existsSync(path.join(template, "PG_VERSION"))) {
    // Copied beside it, then renamed: a start interrupted mid-copy leaves no half database behind.
    const copying = `${dir}.copying-${process.pid}`;
    cpSync(template, copying, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    renameSync(copying, dir);
  }
  return PGlite.create(dir);
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
