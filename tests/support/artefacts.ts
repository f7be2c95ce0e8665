import { cpSync, existsSync } from "node:fs";
import path from "node:path";

/** What global-setup.ts built in the project's .data/ (each copy is checked against its content hash when read, so a stale one is retrained). */
const ARTEFACTS = ["index", "router", "matcher"];

export function copyTrainedArtefacts(dir: string): void {
  for (const name of ARTEFACTS) {
    const from = path.resolve(__dirname, "../../.data", name);
    if (existsSync(from)) cpSync(from, path.join(dir, name), { recursive: true });
  }
}
