import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Runs a script's `main` when the file itself is run (`npx tsx scripts/x.ts`), not when
 * `npm run eval` / `npm run bench` import it. A returned number (or a promise of one) is the exit
 * code, anything else (figures, nothing) exits 0; a throw prints
 * its message and exits 1. Exits explicitly: an open database or server must not keep it alive.
 */
export function runIfMain(moduleUrl: string, main: () => unknown): void {
  const entry = process.argv[1];
  if (!entry || moduleUrl !== pathToFileURL(path.resolve(entry)).href) return;
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(typeof code === "number" ? code : 0),
      (error: unknown) => {
        console.error(`rehearse: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        process.exit(1);
      },
    );
}
