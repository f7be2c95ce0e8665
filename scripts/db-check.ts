/**
 * `npm run db:check`: do lib/db/schema.ts and the SQL migrations agree? `drizzle-kit check` only
 * checks the migrations among themselves, and `drizzle-kit generate` answers a drift by writing a
 * new migration (exit 0 either way). So: run both, the second into a scratch copy of the migrations,
 * and fail if it wrote anything. The settings come from drizzle.config.ts.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import config from "../drizzle.config";
import { runIfMain } from "./run-main";

const DRIZZLE_KIT = path.join("node_modules", ".bin", "drizzle-kit");

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

export function main(): number {
  const out = config.out ?? "drizzle";
  execFileSync(DRIZZLE_KIT, ["check"], { stdio: "inherit" });

  const scratch = mkdtempSync(path.join(tmpdir(), "rehearse-db-check-"));
  try {
    cpSync(out, scratch, { recursive: true });
    // drizzle-kit prefixes --out with "./", so it has to be relative to the working directory.
    const relativeOut = path.relative(process.cwd(), scratch);
    execFileSync(DRIZZLE_KIT, ["generate", "--dialect", config.dialect, "--schema", String(config.schema), "--out", relativeOut], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const before = new Set(files(out));
    const written = files(scratch).filter((f) => !before.has(f));
    if (written.length > 0) {
      console.error(
        `rehearse: ${config.schema} differs from the migrations in ${out} (generate would write ${written.join(", ")}). Run npm run db:generate -- --name <what-changed>.`,
      );
      return 1;
    }
    console.error(`rehearse: ${config.schema} matches the migrations in ${out}.`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, main);
