/**
 * The query router: which bank question a candidate's question is about. Trained at build time
 * (like the local judge's matcher) from what the bank and its grading packs say about each
 * question: the title, the key points, the pack's `askedAs` (the lay and expert ways people ask
 * about the topic) and every rubric point's phrasings (`says`). Those phrasings are the bridge
 * the bank's own words lack ("per-visitor state" → sessions).
 *
 * Features are the hashed TF-IDF word / bigram / character n-grams of lib/text/features.ts; the
 * trained artefact ($REHEARSE_DATA_DIR/router/router.json) is the IDF table over every exemplar
 * and records the hash of the bank and packs it came from, so editing either retrains.
 *
 * A question's score is the mean of its ROUTE_TOP_K best exemplar cosines: one lucky exemplar
 * sharing a generic word counts less than several that agree (dev set: max alone R@1 0.84, mean
 * of the best 2 or 3 0.94; docs/retrieval.md).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { idValuePairs, readArtefactFile, writeFileAtomically } from "@/lib/text/atomic-file";
import { readVectors, saveVectors } from "@/lib/text/vectors-file";
import { z } from "zod";
import { CONTENT_DIR, getBank } from "@/lib/bank/load";
import { packFile, packFiles, packSchema, type Pack } from "@/lib/bank/pack";
import type { Question } from "@/lib/bank/schema";
import { env } from "@/lib/env";
import { idfTableOf, invertedIndex, rawFeatures, similarities, vectorize, vectorizeFeatures, type InvertedIndex, type SparseVector } from "@/lib/text/features";

/** Bump when the exemplars or the scoring change: an artefact of an older build is then retrained. */
export const ROUTER_FORMAT = 2;

/**
 * Interview scaffolding ("Explain …", "Can you describe …", "walk me through …") says how a question
 * is asked, not what it is about; the bank's titles use it unevenly (five start "Explain"), so left in,
 * it pulled "Explain Django's tools for logging people in" to the MVT question. It is dropped from
 * exemplars and queries alike before their features are taken.
 */
const SCAFFOLDING = /\b(?:explain(?:s|ed|ing)?|describe[sd]?|describing|tell me about|walk me through)\b/gi;

function routed(text: string): string {
  return text.replace(SCAFFOLDING, " ");
}

/** A question's score: the mean of its best this-many exemplar similarities. */
export const ROUTE_TOP_K = 3;

/** How many recent queries' routes are kept (callers must not mutate the returned list). */
const RECENT_ROUTES = 16;

export type RouteExemplarKind = "title" | "keypoint" | "asked" | "says";

export interface RouteExemplar {
  questionId: string;
  kind: RouteExemplarKind;
  text: string;
  /** For `says`, the pack's rubric point id it phrases. */
  pointId?: string;
}

const artefactSchema = z.object({
  format: z.literal(ROUTER_FORMAT),
  sourceHash: z.string(),
  builtAt: z.string(),
  exemplars: z.number().int(),
  idf: idValuePairs,
});
export type RouterArtefact = z.infer<typeof artefactSchema>;

export interface RouteScore {
  questionId: string;
  /** Mean cosine of the question's best exemplars, 0–1. */
  score: number;
}

export interface QueryRouter {
  sourceHash: string;
  exemplars: RouteExemplar[];
  /** Each exemplar's vector, in the order of `exemplars`. */
  vectors: SparseVector[];
  /** The query's features in the router's space (used to rank a reference's sentences too). */
  vectorize(text: string): SparseVector;
  /** Every question of the bank, best first. */
  route(query: string): RouteScore[];
  /** The query's cosine to every exemplar, aligned with `exemplars` (remembered with its route). */
  similarities(query: string): Float32Array;
  /** An exemplar's features, by its index in `exemplars`. */
  exemplarVector(index: number): SparseVector;
}

/**
 * A question's pack, read with the schema only: the local judge checks packs against their rubric
 * (lib/grading/local/matcher.ts, scripts/check-packs.ts); routing needs just the phrasings.
 */
function readPack(question: Question): Pack | undefined {
  const file = packFile(question.id);
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  const parsed = packSchema.safeParse(JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")));
  if (!parsed.success) throw new Error(`${path.relative(process.cwd(), file)}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function routeExemplars(bank: Question[]): RouteExemplar[] {
  const out: RouteExemplar[] = [];
  for (const q of bank) {
    const add = (kind: RouteExemplarKind, text: string) => out.push({ questionId: q.id, kind, text });
    add("title", q.title);
    for (const k of q.keyPoints) add("keypoint", k);
    const pack = readPack(q);
    for (const a of pack?.askedAs ?? []) add("asked", a);
    for (const [pointId, point] of Object.entries(pack?.points ?? {}))
      for (const s of point.says) out.push({ questionId: q.id, kind: "says", text: s, pointId });
  }
  return out;
}

/** What the router is trained from, hashed: a change to the bank or a pack retrains. */
export function routerSourceHash(bank: Question[] = getBank()): string {
  const h = createHash("sha256");
  h.update(`router format ${ROUTER_FORMAT}\n`);
  for (const q of bank) h.update(`${q.id}\n${q.title}\n${q.keyPoints.join("\n")}\n`);
  for (const file of packFiles()) h.update(path.relative(CONTENT_DIR, file)).update(readFileSync(/*turbopackIgnore: true*/ file));
  return h.digest("hex").slice(0, 16);
}

export function trainRouter(bank: Question[] = getBank()): RouterArtefact {
  return trainedRouter(bank).artefact;
}

/** Training and the router it gives, computing each exemplar's features once. */
export function trainedRouter(bank: Question[] = getBank()): { artefact: RouterArtefact; router: QueryRouter } {
  const exemplars = routeExemplars(bank);
  const raw = exemplars.map((e) => rawFeatures(routed(e.text)));
  const idf = idfTableOf(raw);
  const artefact: RouterArtefact = {
    format: ROUTER_FORMAT,
    sourceHash: routerSourceHash(bank),
    builtAt: new Date().toISOString(),
    exemplars: exemplars.length,
    idf: [...idf],
  };
  const unseen = maxOf(idf.values());
  return {
    artefact,
    router: routerOver(
      artefact,
      bank,
      exemplars,
      raw.map((groups) => vectorizeFeatures(groups, idf, unseen)),
    ),
  };
}

function maxOf(values: Iterable<number>): number {
  let max = 1;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * The router from its artefact: exemplar vectors are the stored ones when they were written for the
 * same exemplars, else rebuilt from the packs with the trained IDF.
 */
export function routerFrom(artefact: RouterArtefact, bank: Question[] = getBank(), stored?: SparseVector[]): QueryRouter {
  const idf = new Map(artefact.idf);
  const unseen = maxOf(idf.values());
  const exemplars = routeExemplars(bank);
  const vectors = stored?.length === exemplars.length ? stored : exemplars.map((e) => vectorize(routed(e.text), idf, unseen));
  return routerOver(artefact, bank, exemplars, vectors);
}

function routerOver(artefact: RouterArtefact, bank: Question[], exemplars: RouteExemplar[], vectors: SparseVector[]): QueryRouter {
  const idf = new Map(artefact.idf);
  const unseen = maxOf(idf.values());
  const index: InvertedIndex = invertedIndex(vectors);
  const questionIds = bank.map((q) => q.id);
  const owner = Uint16Array.from(exemplars.map((e) => questionIds.indexOf(e.questionId)));
  // The same query is routed more than once per ask (search, coverage, composition): remember the last few.
  const recent = new Map<string, { sims: Float32Array; scores?: RouteScore[] }>();
  const simsOf = (query: string) => {
    let known = recent.get(query);
    if (!known) {
      if (recent.size >= RECENT_ROUTES) recent.delete(recent.keys().next().value!);
      known = { sims: similarities(index, vectorize(routed(query), idf, unseen)) };
      recent.set(query, known);
    }
    return known;
  };
  return {
    sourceHash: artefact.sourceHash,
    exemplars,
    vectors,
    vectorize: (text) => vectorize(routed(text), idf, unseen),
    similarities: (query) => simsOf(query).sims,
    exemplarVector: (i) => vectors[i]!,
    route(query) {
      const known = simsOf(query);
      if (known.scores) return known.scores;
      const sims = known.sims;
      // The best ROUTE_TOP_K similarities of each question, kept sorted descending.
      const best = questionIds.map(() => new Array<number>(ROUTE_TOP_K).fill(0));
      for (let e = 0; e < sims.length; e++) {
        const top = best[owner[e]!]!;
        const s = sims[e]!;
        if (s <= top[ROUTE_TOP_K - 1]!) continue;
        let i = ROUTE_TOP_K - 1;
        while (i > 0 && top[i - 1]! < s) {
          top[i] = top[i - 1]!;
          i--;
        }
        top[i] = s;
      }
      known.scores = questionIds
        .map((questionId, q) => ({ questionId, score: best[q]!.reduce((a, b) => a + b, 0) / ROUTE_TOP_K }))
        .sort((a, b) => b.score - a.score);
      return known.scores;
    },
  };
}

export function defaultRouterFile(): string {
  return path.resolve(env().REHEARSE_DATA_DIR, "router", "router.json");
}

export function saveRouterArtefact(artefact: RouterArtefact, file: string = defaultRouterFile()): void {
  writeFileAtomically(file, JSON.stringify(artefact));
}

function readArtefact(file: string, hash: string): RouterArtefact | undefined {
  return readArtefactFile(file, artefactSchema, hash);
}

/** The exemplar vectors beside an artefact, named by its source hash so a stale file is never read. */
function vectorsFile(file: string, hash: string): string {
  return path.join(path.dirname(file), `vectors-${hash}.bin`);
}

/** The router's exemplar vectors, saved beside its artefact (the build does this once). */
export function saveRouterVectors(router: QueryRouter, file: string = defaultRouterFile()): void {
  saveVectors(router.vectors, vectorsFile(file, router.sourceHash));
}

/**
 * The router for `bank`: from the built artefact when it matches the bank and packs, otherwise (a
 * clean clone's first CLI run, edited content) trained now and saved.
 */
export function openQueryRouter(
  bank: Question[] = getBank(),
  file: string = defaultRouterFile(),
  log: (message: string) => void = (m) => console.error(m),
): QueryRouter {
  const hash = routerSourceHash(bank);
  const artefact = readArtefact(file, hash);
  if (artefact) {
    const stored = readVectors(vectorsFile(file, hash));
    const router = routerFrom(artefact, bank, stored);
    if (stored?.length !== router.vectors.length) saveRouterVectors(router, file);
    return router;
  }
  if (existsSync(/*turbopackIgnore: true*/ file)) log("rehearse: retraining the query router (the bank or packs changed)");
  const trained = trainedRouter(bank);
  saveRouterArtefact(trained.artefact, file);
  saveRouterVectors(trained.router, file);
  return trained.router;
}
