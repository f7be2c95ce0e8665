import { cpSync, existsSync } from "node:fs";
import path from "node:path";

/** What global-setup.ts built in the project's .data/ (each copy is checked against its content hash when read, so a stale one is retrained). */
const ARTEFACTS = ["bank", "index", "router", "matcher"];

/** Where global-setup.ts put the migrated template database (its `pglite/` directory). */
export const TEMPLATE_ENV = "REHEARSE_TEST_TEMPLATE_DIR";

export function copyTrainedArtefacts(dir: string): void {
  for (const name of ARTEFACTS) {
    const from = path.resolve(__dirname, "../../.data", name);
    if (existsSync(from)) cpSync(from, path.join(dir, name), { recursive: true });
  }
}

/** The migrated PGlite database, so a suite starts without creating and migrating one. */
export function copyTemplateDatabase(dir: string): void {
  const template = process.env[TEMPLATE_ENV];
  if (template && existsSync(path.join(template, "pglite"))) cpSync(path.join(template, "pglite"), path.join(dir, "pglite"), { recursive: true });
}
