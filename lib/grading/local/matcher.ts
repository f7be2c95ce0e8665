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
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { finiteNumbers, idValuePairs, integers, readArtefactFile, writeFileAtomically } from "@/lib/text/atomic-file";
import { readVectors, saveVectors } from "@/lib/text/vectors-file";
import { z } from "zod";
import { getBank } from "@/lib/bank/load";
import { processWide } from "@/lib/process-wide";
import type { Question } from "@/lib/bank/schema";
import { env } from "@/lib/env";
import { ERRATA_FILE } from "../errata";
import { loadPack, packFiles, type Pack } from "@/lib/bank/pack";
import { rubricPoints } from "../rubric";
import {
  cosine,
  idfTable,
  invertedIndex,
  rawFeatures,
  vectorize,
  vectorizeBoth,
  type InvertedIndex,
  type RawFeatures,
  type SparseVector,
} from "@/lib/text/features";
import type { Token } from "@/lib/text/analyser";
import { modelTable, trainLogistic, type Example, type LinearModel, type ModelTable } from "@/lib/text/logistic";

/** Bump when the features or the training change: an artefact of an older build is then retrained. */
export const MATCHER_FORMAT = 4;

export type ExemplarKind = "point" | "near" | "mis" | "off";

export interface Exemplar {
  questionId: string;
  kind: ExemplarKind;
  /** Point id (point, near), misconception id (mis), "" (off). */
  ref: string;
  text: string;
}

const storedModelSchema = z.object({ bias: z.number(), ids: integers, weights: finiteNumbers });
type StoredModel = z.infer<typeof storedModelSchema>;

/** Weights smaller than this change no decision (measured on the dev sets) and would triple the artefact. */
const PRUNE = 0.05;

function store(model: LinearModel): StoredModel {
  const kept = [...model.weights].filter(([, w]) => Math.abs(w) >= PRUNE).sort((a, b) => a[0] - b[0]);
  return { bias: Math.round(model.bias * 1e4) / 1e4, ids: kept.map(([id]) => id), weights: kept.map(([, w]) => Math.round(w * 1e4) / 1e4) };
}

const artefactSchema = z.object({
  format: z.literal(MATCHER_FORMAT),
  sourceHash: z.string(),
  builtAt: z.string(),
  exemplars: z.number().int(),
  idf: idValuePairs,
  /** questionId → pointId → calibration similarity. */
  calibration: z.record(z.string(), z.record(z.string(), z.number())),
  /** questionId → the point and misconception classifiers (lib/text/logistic.ts), weights pruned and rounded. */
  classifiers: z.record(z.string(), z.object({ points: z.record(z.string(), storedModelSchema), mis: z.record(z.string(), storedModelSchema) })),
  /** Per exemplar, in training order: a misconception phrasing's distinct features (Matcher.distinct), else null. */
  distinct: z.array(integers.nullable()),
});
type Artefact = z.infer<typeof artefactSchema>;

export interface QuestionModel {
  question: Question;
  pack: Pack | undefined;
  /** Rubric point id → calibration similarity (1 when the point has no phrasings to compare). */
  calibration: Map<string, number>;
  /** The point classifiers by rubric point id, the misconception classifiers by misconception id, as tables (lib/text/logistic.ts). Empty without a pack. */
  pointModels: ModelTable;
  misModels: ModelTable;
  /**
   * Each sentence of each misconception's correction, vectorised: what is true, in the words of the
   * wrong claim's topic. A unit nearer the correction than the claim is saying the correction.
   */
  corrections: Array<{ misconception: string; vector: SparseVector }>;
}

export interface Matcher {
  sourceHash: string;
  exemplars: Exemplar[];
  vectors: SparseVector[];
  /** What the sidecar file holds: the exemplars' vectors, then the corrections' sentences' (QuestionModel.corrections). */
  sidecar: SparseVector[];
  /**
   * The exemplars split in two indexes, each in exemplar order: the point phrasings (all that
   * other questions contribute to a unit's `elsewhere`, profile.ts) and the rest (near-misses,
   * misconceptions, off-topic: read only for their own question).
   */
  pointIndex: InvertedIndex;
  restIndex: InvertedIndex;
  /** questionId → where its exemplars are in `exemplars`, `pointIndex` and `restIndex`. */
  ranges: Map<string, QuestionRange>;
  models: Map<string, QuestionModel>;
  vectorize(text: string): SparseVector;
  /** Both vectors of a text in one pass: the matcher's and the classifiers' (no character n-grams). */
  vectorsOf(text: string): { all: SparseVector; words: SparseVector; raw: RawFeatures; content: Token[] };
  /**
   * Per exemplar, for a misconception's phrasing only: its word and code features that this
   * question's correct phrasings rarely use — what makes the claim wrong ("client" in
   * "client.dependency_overrides", "encrypt" for a signed cookie). A unit that has none of them
   * shares only the correct statement's vocabulary, so it cannot be stating this misconception.
   * Undefined for a phrasing made only of correct vocabulary, in another arrangement ("prefetch_related
   * uses a join"): there the similarity and classifier margins over the correct phrasings decide.
   */
  distinct: Array<Set<number> | undefined>;
}

/** Where one question's exemplars are: [from, to) in Matcher.exemplars, [pointsFrom, pointsTo) in Matcher.pointIndex, [restFrom, restTo) in Matcher.restIndex. */
export interface QuestionRange {
  from: number;
  to: number;
  pointsFrom: number;
  pointsTo: number;
  restFrom: number;
  restTo: number;
}

/**
 * Each question's runs of exemplars. exemplarsOf is called question by question, so they are
 * contiguous; profile.ts relies on it to scan only a question's own postings, hence the check.
 */
function rangesOf(exemplars: Exemplar[]): Map<string, QuestionRange> {
  const ranges = new Map<string, QuestionRange>();
  let points = 0;
  let rest = 0;
  exemplars.forEach((e, i) => {
    const r = ranges.get(e.questionId) ?? { from: i, to: i, pointsFrom: points, pointsTo: points, restFrom: rest, restTo: rest };
    ranges.set(e.questionId, r);
    if (r.to !== i) throw new Error(`matcher: the exemplars of ${e.questionId} are not contiguous`);
    r.to = i + 1;
    if (e.kind === "point") r.pointsTo = ++points;
    else r.restTo = ++rest;
  });
  return ranges;
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
  const packs = new Map(
    bank.map((q) => [
      q.id,
      loadPack(
        q,
        rubricPoints(q).map((p) => p.id),
      ),
    ]),
  );
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
  const wordVectors = exemplars.map((e) => vectorize(e.text, idf, unseen, "words"));
  const classifiers: Artefact["classifiers"] = {};
  for (const q of bank) {
    const pack = packs.get(q.id);
    if (!pack) continue;
    const trained = trainClassifiers(q.id, pack, exemplars, wordVectors);
    classifiers[q.id] = {
      points: Object.fromEntries([...trained.points].map(([id, m]) => [id, store(m)])),
      mis: Object.fromEntries([...trained.mis].map(([id, m]) => [id, store(m)])),
    };
  }
  const distinct = distinctFeatures(exemplars).map((d) => d ?? null);
  return {
    format: MATCHER_FORMAT,
    sourceHash: sourceHash(),
    builtAt: new Date().toISOString(),
    exemplars: exemplars.length,
    idf: [...idf],
    calibration,
    classifiers,
    distinct,
  };
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
  writeFileAtomically(file, JSON.stringify(artefact));
}

/** The sidecar of an artefact: the vectors of its exemplars and corrections, named by the source hash so a stale one is never read. */
function vectorsFile(file: string, hash: string): string {
  return path.join(path.dirname(file), `vectors-${hash}.bin`);
}

function readArtefact(file: string, hash: string): Artefact | undefined {
  return readArtefactFile(file, artefactSchema, hash);
}

/**
 * The matcher from a trained artefact. The vectors of the exemplars and of the corrections'
 * sentences come from the artefact's binary sidecar when it was written for the same texts (loading
 * them is a read, not ~10,000 vectorisations), else they are rebuilt from the packs with its IDF table.
 */
export function matcherFrom(artefact: Artefact, bank: Question[] = getBank(), stored?: SparseVector[]): Matcher {
  const idf = new Map(artefact.idf);
  const unseen = unseenIdfOf(idf);
  const packs = bank.map((q) => ({
    question: q,
    pack: loadPack(
      q,
      rubricPoints(q).map((p) => p.id),
    ),
  }));
  const exemplars = packs.flatMap(({ question, pack }) => exemplarsOf(question, pack));
  const corrections = packs.flatMap(({ question, pack }) => correctionSentencesOf(question, pack));
  const texts = [...exemplars.map((e) => e.text), ...corrections.map((c) => c.text)];
  const all = stored?.length === texts.length ? stored : texts.map((text) => vectorize(text, idf, unseen));
  const vectors = all.slice(0, exemplars.length);
  const models = new Map<string, QuestionModel>();
  for (const { question: q, pack } of packs) {
    const trained = artefact.classifiers[q.id];
    models.set(q.id, {
      question: q,
      pack,
      calibration: new Map(Object.entries(artefact.calibration[q.id] ?? {})),
      pointModels: modelTable(Object.entries(trained?.points ?? {})),
      misModels: modelTable(Object.entries(trained?.mis ?? {})),
      corrections: corrections.flatMap((c, i) => (c.questionId === q.id ? [{ misconception: c.misconception, vector: all[exemplars.length + i]! }] : [])),
    });
  }
  return {
    sourceHash: artefact.sourceHash,
    exemplars,
    vectors,
    sidecar: all,
    pointIndex: invertedIndex(vectors.filter((_, i) => exemplars[i]!.kind === "point")),
    restIndex: invertedIndex(vectors.filter((_, i) => exemplars[i]!.kind !== "point")),
    ranges: rangesOf(exemplars),
    models,
    vectorize: (text) => vectorize(text, idf, unseen),
    vectorsOf: (text) => vectorizeBoth(text, idf, unseen),
    distinct: (artefact.distinct.length === exemplars.length ? artefact.distinct : distinctFeatures(exemplars)).map((d) =>
      d?.length ? new Set(d) : undefined,
    ),
  };
}

/** Each sentence of each of a question's corrections, the rival its misconception must beat (decide.ts). */
function correctionSentencesOf(question: Question, pack: Pack | undefined): Array<{ questionId: string; misconception: string; text: string }> {
  return (pack?.misconceptions ?? []).flatMap((m) =>
    m.correction.split(CORRECTION_SENTENCE).map((text) => ({ questionId: question.id, misconception: m.id, text })),
  );
}

/** Where a correction's sentences end ("…when nothing matches; first() returns None…"). */
const CORRECTION_SENTENCE = /(?<=[.;])\s+/;

/**
 * The word and code features of each misconception phrasing that none of its question's correct
 * phrasings use (see Matcher.distinct). "None" rather than "rarely": any threshold above zero let
 * through the minimal pairs it is meant to stop (dev LOQO Spearman 0.819 at 0, 0.802 at 2%).
 */
function distinctFeatures(exemplars: Exemplar[]): Array<number[] | undefined> {
  const wordFeatures = (text: string) => {
    const raw = rawFeatures(text);
    return [...raw.word.keys(), ...raw.code.keys()];
  };
  const vocabulary = new Map<string, Set<number>>();
  for (const e of exemplars) {
    if (e.kind !== "point") continue;
    const words = vocabulary.get(e.questionId) ?? new Set<number>();
    vocabulary.set(e.questionId, words);
    for (const id of wordFeatures(e.text)) words.add(id);
  }
  return exemplars.map((e) => (e.kind === "mis" ? wordFeatures(e.text).filter((id) => !vocabulary.get(e.questionId)?.has(id)) : undefined));
}

/** Weight of a hard negative (a near-miss, or the minimal pair of a misconception) against an easy one. */
const HARD_NEGATIVE = 3;
/** Other questions' phrasings sampled as easy negatives for each classifier: the bank's general vocabulary. */
const OTHER_QUESTION_SAMPLE = 150;

/**
 * Trains one question's point and misconception classifiers (lib/text/logistic.ts) from its
 * exemplars: a point's own phrasings are the positives and everything else the pack holds for the
 * question — the point's near-misses and misconceptions (the hard negatives: the same words
 * asserting something else), the other points' phrasings, the off-topic snippets — the negatives,
 * with a sample of other questions' phrasings. Nearest-exemplar similarity says "this sounds like a
 * phrasing of the point"; the classifier learns which words distinguish the point from its
 * neighbours ("lazy" for laziness, "first" for an ordering claim), so a paraphrase that keeps the
 * distinguishing idea scores high and a sentence sharing only the topic's vocabulary does not. A
 * misconception's classifier has the point it contradicts as its hard negatives.
 */
function trainClassifiers(id: string, pack: Pack, exemplars: Exemplar[], vectors: SparseVector[]) {
  const points = new Map<string, LinearModel>();
  const mis = new Map<string, LinearModel>();
  const own = exemplars.flatMap((e, i) => (e.questionId === id ? [i] : []));
  const others = exemplars.flatMap((e, i) => (e.questionId !== id && e.kind === "point" ? [i] : []));
  const step = Math.max(1, Math.floor(others.length / OTHER_QUESTION_SAMPLE));
  const sample = others.filter((_, k) => k % step === 0);
  const misPoint = new Map(pack.misconceptions.map((m) => [m.id, m.point]));
  const examplesFor = (isPositive: (e: Exemplar) => boolean, isHard: (e: Exemplar) => boolean): Example[] => [
    ...own.map((i): Example => {
      const e = exemplars[i]!;
      const positive = isPositive(e);
      return { vector: vectors[i]!, label: positive ? 1 : 0, weight: !positive && isHard(e) ? HARD_NEGATIVE : 1 };
    }),
    ...sample.map((i): Example => ({ vector: vectors[i]!, label: 0, weight: 1 })),
  ];
  for (const pointId of new Set(own.flatMap((i) => (exemplars[i]!.kind === "point" ? [exemplars[i]!.ref] : [])))) {
    const examples = examplesFor(
      (e) => e.kind === "point" && e.ref === pointId,
      (e) => (e.kind === "near" && e.ref === pointId) || (e.kind === "mis" && misPoint.get(e.ref) === pointId),
    );
    points.set(pointId, trainLogistic(examples));
  }
  for (const [misId, pointId] of misPoint) {
    const examples = examplesFor(
      (e) => e.kind === "mis" && e.ref === misId,
      (e) => pointId !== undefined && e.kind === "point" && e.ref === pointId,
    );
    mis.set(misId, trainLogistic(examples));
  }
  return { points, mis };
}

/**
 * The matcher, loaded once per process: from the built artefact when it matches the current bank
 * and packs, otherwise (a clean clone's first CLI run, edited content) trained now and saved.
 */
export function getMatcher(log: (message: string) => void = (m) => console.error(m)): Matcher {
  // Shared by every bundle of this module (lib/process-wide.ts): the one start-up loads is the one the routes grade with.
  return processWide("grading-matcher", () => loadMatcher(log));
}

function loadMatcher(log: (message: string) => void): Matcher {
  const file = defaultMatcherFile();
  const hash = sourceHash();
  let artefact = readArtefact(file, hash);
  if (!artefact) {
    if (existsSync(/*turbopackIgnore: true*/ file)) log("rehearse: retraining the grading matcher (the bank or packs changed)");
    artefact = trainMatcher();
    saveArtefact(artefact, file);
  }
  const sidecar = vectorsFile(file, hash);
  const stored = readVectors(sidecar);
  const matcher = matcherFrom(artefact, getBank(), stored);
  if (matcher.sidecar !== stored) saveVectors(matcher.sidecar, sidecar);
  return matcher;
}
