/**
 * Grading packs: what a domain expert hands a new interviewer about one bank question, as
 * versioned content (content/packs/<question-id>.json). For every rubric point, the many ways
 * candidates say it and the near-misses that sound alike but do not establish it; the common
 * misconceptions with their corrections; the neighbouring topics that are off-topic for the
 * question; the ways people ask about it; and a model answer in spoken style.
 *
 * Packs are data for the local judge's matcher (trained at build time) and for routing questions
 * asked to the interviewer. Code stays general: nothing here is keyed to a particular answer.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Question } from "@/lib/bank/schema";

export const PACK_DIR = path.join(process.cwd(), "content", "packs");

const phrase = z.string().trim().min(2).max(600);

export const packPointSchema = z.object({
  /** Ways a candidate states the point correctly: typed and spoken, expert and junior, with and without the reference's words. */
  says: z.array(phrase).min(8),
  /** Statements that sound like the point but do not establish it (related words, vaguer or different claim). */
  nearMisses: z.array(phrase).default([]),
});
export type PackPoint = z.infer<typeof packPointSchema>;

export const misconceptionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** The rubric point it contradicts, when it contradicts one. */
  point: z.string().optional(),
  /** Ways candidates state the wrong idea (minimal pairs with the point's `says` where possible). */
  says: z.array(phrase).min(3),
  /** What is actually true, in a sentence or two the candidate can learn from. */
  correction: z.string().min(10),
});
export type Misconception = z.infer<typeof misconceptionSchema>;

export const packSchema = z.object({
  questionId: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
  /** Bumped whenever the pack's content changes; recorded in the matcher artefact. */
  version: z.string().min(1),
  points: z.record(z.string(), packPointSchema),
  misconceptions: z.array(misconceptionSchema).default([]),
  /** Snippets of answers to neighbouring topics: other questions, other frameworks, the same word in another sense. */
  offTopic: z.array(phrase).min(5),
  /** Ways a candidate asks the interviewer about this question's topic, in lay and expert words. */
  askedAs: z.array(phrase).default([]),
  /** A model answer in spoken style (no code, no markdown), the offline "how you could say it". */
  modelAnswer: z.string().min(40),
});
export type Pack = z.infer<typeof packSchema>;

export class PackFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = "PackFormatError";
  }
}

export function packFile(questionId: string, dir: string = PACK_DIR): string {
  return path.join(dir, `${questionId}.json`);
}

/**
 * Parses one pack and checks it against its question's rubric: every point it names must be a
 * rubric point (a renamed point would otherwise silently lose its exemplars).
 */
export function parsePack(file: string, text: string, question: Question, pointIds: string[]): Pack {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PackFormatError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = packSchema.safeParse(json);
  if (!parsed.success) throw new PackFormatError(file, z.prettifyError(parsed.error));
  const pack = parsed.data;
  if (pack.questionId !== question.id) throw new PackFormatError(file, `questionId "${pack.questionId}" is not "${question.id}"`);
  const known = new Set(pointIds);
  for (const id of Object.keys(pack.points)) {
    if (!known.has(id)) throw new PackFormatError(file, `"${id}" is not a rubric point of ${question.id} (points: ${pointIds.join(", ")})`);
  }
  for (const m of pack.misconceptions) {
    if (m.point !== undefined && !known.has(m.point)) throw new PackFormatError(file, `misconception "${m.id}" names unknown point "${m.point}"`);
  }
  return pack;
}

/** The pack of a question, or undefined when the bank has none for it (the judge then works from the reference alone). */
export function loadPack(question: Question, pointIds: string[], dir: string = PACK_DIR): Pack | undefined {
  const file = packFile(question.id, dir);
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  return parsePack(path.relative(process.cwd(), file), readFileSync(/*turbopackIgnore: true*/ file, "utf8"), question, pointIds);
}

/** Every pack file under the directory (for the version hash of the matcher artefact). */
export function packFiles(dir: string = PACK_DIR): string[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => path.join(/*turbopackIgnore: true*/ dir, f));
}
