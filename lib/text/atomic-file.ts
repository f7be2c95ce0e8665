import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Write then rename: a reader in another process never sees half a file. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}
