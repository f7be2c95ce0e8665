import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

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

/**
 * Schemas for the long numeric arrays of trained artefacts, each checked in one loop: zod's
 * element-by-element parse of the grading matcher's ~700,000 numbers and the router's IDF table
 * took ~300 ms of every start. The same checks (numbers are finite, ids are integers), one pass.
 */
const isFiniteNumber = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
export const finiteNumbers = z.custom<number[]>((v) => Array.isArray(v) && v.every(isFiniteNumber), { message: "expected an array of finite numbers" });
export const integers = z.custom<number[]>((v) => Array.isArray(v) && v.every((x) => Number.isInteger(x)), { message: "expected an array of integers" });
/** [feature id, value] pairs: an IDF table. */
export const idValuePairs = z.custom<Array<[number, number]>>(
  (v) => Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && Number.isInteger(p[0]) && isFiniteNumber(p[1])),
  { message: "expected [integer, number] pairs" },
);
