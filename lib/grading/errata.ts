/**
 * Reference errata: where a seed reference is factually wrong, content/errata.json says which
 * key point is wrong, what is right, and which phrases show that a candidate knows the right
 * fact (or holds the reference's wrong one). The seed markdown stays as written; the local
 * judge grades the amended point against the correction, does not penalise the correct fact,
 * reports `referenceIsWrong: true`, and its improved answer states the corrected fact.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Question } from "@/lib/bank/schema";

export const erratumSchema = z.object({
  questionId: z.string().min(1),
  /** The key point as the reference words it, when the mistake is in a key point (else it is in the answer's text). */
  keyPoint: z.string().min(1).optional(),
  /** What is actually true, in a sentence or two the candidate can learn from. */
  correction: z.string().min(1),
  /** Phrases showing the candidate states the correct fact (case and punctuation ignored). */
  correctSignals: z.array(z.string().min(1)).min(1),
  /** Phrases showing the candidate repeats the reference's mistake; only read when no correct signal is present. */
  wrongSignals: z.array(z.string().min(1)).default([]),
  /**
   * The question's pack misconceptions that state the reference's mistake: an answer stating the
   * corrected fact is not taken to state them (local-judge.ts).
   */
  misconceptions: z.array(z.string().min(1)).default([]),
});
export type Erratum = z.infer<typeof erratumSchema>;

export const errataSchema = z.array(erratumSchema);

export class ErrataFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "ErrataFormatError";
  }
}

/** Parses and checks errata against the bank: every erratum must name a real question and one of its key points. */
export function parseErrata(file: string, text: string, bank: Question[]): Erratum[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ErrataFormatError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = errataSchema.safeParse(json);
  if (!parsed.success) throw new ErrataFormatError(file, parsed.error.message);
  for (const [i, e] of parsed.data.entries()) {
    const question = bank.find((q) => q.id === e.questionId);
    if (!question) throw new ErrataFormatError(file, `erratum ${i}: no bank question has id "${e.questionId}"`);
    if (e.keyPoint !== undefined && !question.keyPoints.includes(e.keyPoint))
      throw new ErrataFormatError(file, `erratum ${i}: "${e.keyPoint}" is not a key point of ${e.questionId}`);
  }
  return parsed.data;
}

export const ERRATA_FILE = path.join(process.cwd(), "content", "errata.json");

/** The errata of the content directory; none when the file does not exist. */
export function loadErrata(bank: Question[], file: string = ERRATA_FILE): Erratum[] {
  if (!existsSync(/*turbopackIgnore: true*/ file)) return [];
  return parseErrata(path.relative(process.cwd(), file), readFileSync(/*turbopackIgnore: true*/ file, "utf8"), bank);
}

/** Lower case, every run of non-alphanumerics one space: "Client-Side" and "client side" meet. */
function plainWords(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9']+/g, " ")
    .trim()} `;
}

/** The sentence of `answer` that contains `phrase` (case and punctuation ignored), or null. */
export function sentenceWith(answer: string, phrase: string): string | null {
  if (!plainWords(answer).includes(plainWords(phrase))) return null;
  const words = plainWords(phrase)
    .trim()
    .split(" ")
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const at = new RegExp(`(?<![A-Za-z0-9])${words.join("[^A-Za-z0-9']+")}(?![A-Za-z0-9])`, "i").exec(answer);
  if (!at) return null;
  // A sentence ends at a line break, or at . ! ? ; followed by a space: not at the dots of `perms.book.add`.
  const endsAt = (i: number) => answer[i] === "\n" || (/[.!?;]/.test(answer[i]!) && (i + 1 >= answer.length || /\s/.test(answer[i + 1]!)));
  let start = at.index;
  while (start > 0 && !endsAt(start - 1)) start--;
  let end = at.index + at[0].length;
  while (end < answer.length && !endsAt(end)) end++;
  return answer.slice(start, end).trim();
}

export interface ErratumReading {
  /** The candidate's sentence that shows the correct fact or the reference's mistake; null when neither. */
  claim: string | null;
  stance: "correct" | "wrong" | "silent";
}

/** Does the answer state the corrected fact, repeat the reference's mistake, or say neither? */
export function readErratum(erratum: Pick<Erratum, "correctSignals" | "wrongSignals">, answer: string): ErratumReading {
  for (const phrase of erratum.correctSignals) {
    const claim = sentenceWith(answer, phrase);
    if (claim) return { claim, stance: "correct" };
  }
  for (const phrase of erratum.wrongSignals) {
    const claim = sentenceWith(answer, phrase);
    if (claim) return { claim, stance: "wrong" };
  }
  return { claim: null, stance: "silent" };
}
