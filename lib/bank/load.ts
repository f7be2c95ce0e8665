import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { processWide } from "@/lib/process-wide";
import { BankFormatError, parseBank } from "./parse";
import type { Question } from "./schema";

// Content, errata, thesaurus and the search index are read from the project folder at run time
// (next.config.ts includes them in the output): the `turbopackIgnore` comments on those reads keep
// Turbopack from tracing the whole project.
export const CONTENT_DIR = path.join(process.cwd(), "content");

/** Every question of every `content/*.md` file, in file order. Throws BankFormatError on a malformed file. */
export function loadBank(dir: string = CONTENT_DIR): Question[] {
  const files = readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith(".md"))
    .sort();
  const questions = files.flatMap((f) => parseBank(path.join("content", f), readFileSync(path.join(/*turbopackIgnore: true*/ dir, f), "utf8")));
  const seen = new Map<string, Question>();
  for (const q of questions) {
    const first = seen.get(q.id);
    if (first) throw new BankFormatError(q.source.file, q.source.line, `duplicate question id "${q.id}" (first in ${first.source.file}:${first.source.line})`);
    seen.set(q.id, q);
  }
  return questions;
}

/** The bank, parsed once per process (shared by every bundle of it: lib/text/cache.ts). */
export function getBank(): Question[] {
  return processWide("bank", () => loadBank());
}

export function findQuestion(id: string): Question | undefined {
  return getBank().find((q) => q.id === id);
}
