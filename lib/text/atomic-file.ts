import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";

/** Write then rename: a reader in another process never sees half a file. */
export function writeFileAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * A trained artefact saved as JSON, or undefined when it is missing, unreadable, of another format,
 * or trained from other sources than `sourceHash` (the caller then trains a new one).
 */
export function readArtefactFile<T extends { sourceHash: string }>(file: string, schema: z.ZodType<T>, sourceHash: string): T | undefined {
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")));
    return parsed.success && parsed.data.sourceHash === sourceHash ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
