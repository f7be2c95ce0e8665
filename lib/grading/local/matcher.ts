/**
 * The local judge's matcher, trained at build time from the grading packs and the bank (no network,
 * no downloaded model). Training computes the IDF table of the feature space over every exemplar
 * and each rubric point's calibration: how alike its own phrasings are to each other (the median
 * similarity of each phrasing to its nearest sibling), so a point with varied wordings is not held
 * to the bar of a point everyone says the same way. The artefact (.data/matcher/matcher.json)
 * records the hash of what it was trained from; a change to the bank, packs or errata rebuilds it.
 *
 * Matching compares each unit of an answer (a sentence, or a window of a long spoken run-on) with
 * every exemplar by cosine similarity and reports, per unit, the best similarity to each point's
 * phrasings, its near-misses, each misconception, and to other questions' material.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { env } from "@/lib/env";
import { ERRATA_FILE } from "../errata";
import { loadPack, packFiles, type Pack } from "@/lib/bank/pack";
import { rubricPoints } from "../rubric";
import { cosine, idfTable, invertedIndex, vectorize, type InvertedIndex, type SparseVector } from "@/lib/text/features";

/** Bump when the features or the training change: an artefact of an older build is then retrained. */
export const MATCHER_FORMAT = 1;

export type ExemplarKind = "point" | "near" | "mis" | "off";

export interface Exemplar {
  questionId: string;
  kind: ExemplarKind;
  /** Point id (point, near), misconception id (mis), "" (off). */
  ref: string;
  text: string;
}

const artefactSchema = z.object({
  format: z.literal(MATCHER_FORMAT),
  sourceHash: z.string(),
  builtAt: z.string(),
  exemplars: z.number().int(),
  idf: z.array(z.tuple([z.number().int(), z.number()])),
  /** questionId → pointId → calibration similarity. */
  calibration: z.record(z.string(), z.record(z.string(), z.number())),
});
type Artefact = z.infer<typeof artefactSchema>;

export interface QuestionModel {
  question: Question;
  pack: Pack | undefined;
  /** Rubric point id → calibration similarity (1 when the point has no phrasings to compare). */
  calibration: Map<string, number>;
}

export interface Matcher {
  sourceHash: string;
  exemplars: Exemplar[];
  vectors: SparseVector[];
  index: InvertedIndex;
  models: Map<string, QuestionModel>;
  vectorize(text: string): SparseVector;
}

/** The exemplars of one question: its pack, else the reference's own wording of each point. */
function exemplarsOf(question: Question, pack: Pack | undefined): Exemplar[] {
  const out: Exemplar[] = [];
  const add = (kind: ExemplarKind, ref: string, text: string) => out.push({ questionId: question.id, kind, ref, text });
  for (const p of rubricPoints(question)) {
    add("point", p.id, p.correction ?? p.text);
    for (const s of pack?.points[p.id]?.says ?? []) add("point", p.id, s);
    for (const s of pack?.points[p.id]?.nearMisses ?? []) add("near", p.id, s);
  }
  for (const m of pack?.misconceptions ?? []) for (const s of m.says) add("mis", m.id, s);
  for (const s of pack?.offTopic ?? []) add("off", "", s);
  return out;
}

/** What the matcher is trained from, hashed: a change to any of it retrains. */
export function sourceHash(): string {
  const h = createHash("sha256");
  h.update(`format ${MATCHER_FORMAT}\n`);
  for (const q of getBank()) h.update(`${q.id}\n${q.title}\n${q.answer}\n${q.keyPoints.join("\n")}\n`);
  for (const file of packFiles()) h.update(readFileSync(/*turbopackIgnore: true*/ file));
  if (existsSync(/*turbopackIgnore: true*/ ERRATA_FILE)) h.update(readFileSync(/*turbopackIgnore: true*/ ERRATA_FILE));
  return h.digest("hex").slice(0, 16);
}

function median(xs: number[]): number {
  if (xs.length === 0) return 1;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Trains the matcher: IDF over every exemplar, then each point's calibration. */
export function trainMatcher(bank: Question[] = getBank()): Artefact {
  const packs = new Map(bank.map((q) => [q.id, loadPack(q, rubricPoints(q).map((p) => p.id))]));
  const exemplars = bank.flatMap((q) => exemplarsOf(q, packs.get(q.id)));
  const idf = idfTable(exemplars.map((e) => e.text));
  const unseen = unseenIdfOf(idf);
  const vectors = exemplars.map((e) => vectorize(e.text, idf, unseen));
  const calibration: Artefact["calibration"] = {};
  for (const q of bank) {
    calibration[q.id] = {};
    for (const p of rubricPoints(q)) {
      const own = exemplars.flatMap((e, i) => (e.questionId === q.id && e.kind === "point" && e.ref === p.id ? [i] : []));
      const nearest = own.map((i) => Math.max(0, ...own.filter((j) => j !== i).map((j) => cosine(vectors[i]!, vectors[j]!))));
      calibration[q.id]![p.id] = own.length >= 3 ? median(nearest) : 1;
    }
  }
  return { format: MATCHER_FORMAT, sourceHash: sourceHash(), builtAt: new Date().toISOString(), exemplars: exemplars.length, idf: [...idf], calibration };
}

function unseenIdfOf(idf: Map<number, number>): number {
  let max = 1;
  for (const v of idf.values()) if (v > max) max = v;
  return max;
}

export function defaultMatcherFile(): string {
  return path.join(env().REHEARSE_DATA_DIR, "matcher", "matcher.json");
}

export function saveArtefact(artefact: Artefact, file: string = defaultMatcherFile()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a reader in another process never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(artefact));
  renameSync(tmp, file);
}

function readArtefact(file: string, hash: string): Artefact | undefined {
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  try {
    const parsed = artefactSchema.safeParse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")));
    return parsed.success && parsed.data.sourceHash === hash ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The matcher from a trained artefact: exemplar vectors are rebuilt from the packs with its IDF table. */
export function matcherFrom(artefact: Artefact, bank: Question[] = getBank()): Matcher {
  const idf = new Map(artefact.idf);
  const unseen = unseenIdfOf(idf);
  const models = new Map<string, QuestionModel>();
  const exemplars: Exemplar[] = [];
  for (const q of bank) {
    const pack = loadPack(q, rubricPoints(q).map((p) => p.id));
    models.set(q.id, { question: q, pack, calibration: new Map(Object.entries(artefact.calibration[q.id] ?? {})) });
    exemplars.push(...exemplarsOf(q, pack));
  }
  const vectors = exemplars.map((e) => vectorize(e.text, idf, unseen));
  return {
    sourceHash: artefact.sourceHash,
    exemplars,
    vectors,
    index: invertedIndex(vectors),
    models,
    vectorize: (text) => vectorize(text, idf, unseen),
  };
}

let cached: Matcher | undefined;

/**
 * The matcher, loaded once per process: from the built artefact when it matches the current bank
 * and packs, otherwise (a clean clone's first CLI run, edited content) trained now and saved.
 */
export function getMatcher(log: (message: string) => void = (m) => console.error(m)): Matcher {
  if (cached) return cached;
  const file = defaultMatcherFile();
  const hash = sourceHash();
  let artefact = readArtefact(file, hash);
  if (!artefact) {
    if (existsSync(/*turbopackIgnore: true*/ file)) log("rehearse: retraining the grading matcher (the bank or packs changed)");
    artefact = trainMatcher();
    saveArtefact(artefact, file);
  }
  cached = matcherFrom(artefact);
  return cached;
}
