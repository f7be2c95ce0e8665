import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { env } from "@/lib/env";
import { processWide } from "@/lib/process-wide";
import { readArtefactFile, writeFileAtomically } from "@/lib/text/atomic-file";
import { BankFormatError, parseBank } from "./parse";
import { questionSchema, type Question } from "./schema";

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

/**
 * The bank, once per process (shared by every bundle of it: lib/process-wide.ts): the build's parsed
 * copy when it was parsed from the content/*.md there now, else parsed from the markdown.
 */
export function getBank(): Question[] {
  return processWide("bank", () => loadBankOrParsedCopy(CONTENT_DIR, parsedBankFile()));
}

/** Hash of every content/*.md file (names and bytes): editing the bank makes a parsed copy or an index stale. */
export function contentHash(dir: string = CONTENT_DIR): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith(".md"))
    .sort()) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(/*turbopackIgnore: true*/ dir, file)))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The parsed bank as JSON, written by the build (`npm run index`): parsing the markdown took
 * ~170 ms of every start, reading this ~10 ms. It records the contentHash it was parsed from as its
 * sourceHash (read like every artefact, lib/text/atomic-file.ts): a copy of other content, of another
 * format or not valid is ignored, and the markdown parsed again.
 */
export function parsedBankFile(): string {
  return path.resolve(env().REHEARSE_DATA_DIR, "bank", "bank.json");
}

/** Bump when parseBank gives something else for the same markdown: copies of older builds are then not read. */
const PARSED_FORMAT = 2;
const parsedBankSchema = z.object({ format: z.literal(PARSED_FORMAT), sourceHash: z.string(), questions: z.array(questionSchema) });

export function saveParsedBank(questions: Question[], file: string = parsedBankFile(), dir: string = CONTENT_DIR): void {
  writeFileAtomically(file, JSON.stringify({ format: PARSED_FORMAT, sourceHash: contentHash(dir), questions }));
}

/** The questions of `dir`: from the parsed copy in `file` when it was parsed from them, else parsed now. */
export function loadBankOrParsedCopy(dir: string, file: string): Question[] {
  return readArtefactFile(file, parsedBankSchema, contentHash(dir))?.questions ?? loadBank(dir);
}

export function findQuestion(id: string): Question | undefined {
  return getBank().find((q) => q.id === id);
}
