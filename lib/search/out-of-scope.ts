import { createHash } from "node:crypto";
import path from "node:path";
import { loadContentJson } from "@/lib/bank/content-json";
import { z } from "zod";
import { CONTENT_DIR } from "@/lib/bank/load";
import { idValuePairs, readArtefactFile, writeFileAtomically } from "@/lib/text/atomic-file";
import { invertedIndex, similarities, type InvertedIndex, type SparseVector } from "@/lib/text/features";
import { readVectors, saveVectors } from "@/lib/text/vectors-file";
import { score, trainLogistic, type Example, type LinearModel } from "@/lib/text/logistic";
import { processWide } from "@/lib/process-wide";
import { defaultRouterFile, ROUTE_TOP_K, type QueryRouter, type RouteExemplarKind } from "./query-router";

/**
 * Topics the bank has no question on (content/out-of-scope.json), each with ways people ask about
 * them: the "none of the above" class of an intent classifier. A query about Celery shares words
 * with the bank ("task", "Redis", "Django") and can score well against some question; what says
 * the bank lacks it is that it reads more like a topic listed here than like that question.
 */
export const outOfScopeTopicSchema = z.object({
  topic: z.string().min(1),
  /** At least ROUTE_TOP_K, as a topic is scored like a bank question: the mean of its best ROUTE_TOP_K. */
  askedAs: z.array(z.string().min(1)).min(ROUTE_TOP_K),
});
export const outOfScopeSchema = z.object({
  description: z.string().optional(),
  topics: z.array(outOfScopeTopicSchema),
});
export type OutOfScope = z.infer<typeof outOfScopeSchema>;

/**
 * How far the bank question's router score must beat the nearest topic's for the bank to cover a
 * query: calibrated on every retrieval set with the coverage threshold (lib/interview/ask-coverage.ts).
 */
export const OUT_OF_SCOPE_MARGIN = 0;

export const OUT_OF_SCOPE_FILE = path.join(CONTENT_DIR, "out-of-scope.json");

export function loadOutOfScope(file: string = OUT_OF_SCOPE_FILE): OutOfScope {
  return loadContentJson(file, outOfScopeSchema);
}

export interface OutOfScopeMatch {
  topic: string;
  /** Mean cosine of the topic's best ROUTE_TOP_K phrasings, on the router's scale. */
  score: number;
}

/**
 * The chance that a query is about a topic the bank lacks, from a logistic classifier (lib/text/logistic.ts)
 * trained when the topics load: every topic's phrasings are the positives, every routing exemplar
 * of the bank the negatives. Nearest-topic similarity compares whole phrasings, so a query sharing
 * its framing with a bank question ("… to a FastAPI endpoint") reads like that question; the
 * classifier weighs the words that tell the two apart ("rate limiting", "WebSocket") and barely the
 * framing both share. A query at OUT_OF_SCOPE_CHANCE or above is not covered (ask-coverage.ts).
 */
export const OUT_OF_SCOPE_CHANCE = 0.9;

/**
 * A bank exemplar's weight as a negative, by kind: the ways people ask about a question (its title,
 * key points and askedAs, worded like queries) count more than its points' answer-style phrasings,
 * which are many and say what an answer says rather than what a question asks. Chosen on the
 * three dev sets by the classifier's own AUC (docs/retrieval.md, 2026-12-04).
 */
const NEGATIVE_WEIGHT: Record<RouteExemplarKind, number> = { title: 3, keypoint: 3, asked: 3, says: 0.3 };

export interface OutOfScopeModel {
  routerHash: string;
  index: InvertedIndex;
  topicOf: number[];
  topics: string[];
  classifier: LinearModel;
}
/** The topics' phrasings vectorised for the current router, shared by every bundle (lib/process-wide.ts). */
const vectorised = processWide("out-of-scope-phrasings", () => ({ current: null as OutOfScopeModel | null }));

/** Bump when the classifier's training changes: one saved by an older build is then trained again. */
const OUT_OF_SCOPE_FORMAT = 1;

const artefactSchema = z.object({
  format: z.literal(OUT_OF_SCOPE_FORMAT),
  sourceHash: z.string(),
  bias: z.number(),
  weights: idValuePairs,
});

/**
 * The trained classifier and the topics' vectors, saved beside the query router's artefact (the
 * build does it, scripts/build-index.ts): training them took ~300 ms of every start.
 */
export function defaultOutOfScopeFile(): string {
  return path.join(path.dirname(defaultRouterFile()), "out-of-scope.json");
}

/** What the classifier is trained from, hashed: the router's exemplars, the topics and the weights. */
function sourceHashOf(router: QueryRouter, scope: OutOfScope): string {
  return createHash("sha256")
    .update(`out-of-scope format ${OUT_OF_SCOPE_FORMAT}\n${router.sourceHash}\n${JSON.stringify(NEGATIVE_WEIGHT)}\n${JSON.stringify(scope.topics)}`)
    .digest("hex")
    .slice(0, 16);
}

/** The topics' vectors and classifier for `router`: read when saved for the same sources, else built and saved. */
export function openOutOfScope(router: QueryRouter, scope: () => OutOfScope = loadOutOfScope, file: string = defaultOutOfScopeFile()): OutOfScopeModel {
  if (vectorised.current?.routerHash === router.sourceHash) return vectorised.current;
  const loaded = scope();
  const { topics } = loaded;
  const hash = sourceHashOf(router, loaded);
  const vectorsFile = path.join(path.dirname(file), `out-of-scope-vectors-${hash}.bin`);
  const saved = readArtefactFile(file, artefactSchema, hash);
  const savedVectors = saved ? readVectors(vectorsFile) : undefined;
  const count = topics.reduce((n, t) => n + t.askedAs.length, 0);
  let vectors: SparseVector[];
  let classifier: LinearModel;
  if (saved && savedVectors?.length === count) {
    vectors = savedVectors;
    classifier = { bias: saved.bias, weights: new Map(saved.weights) };
  } else {
    vectors = topics.flatMap((t) => t.askedAs.map(router.vectorize));
    classifier = trainLogistic([
      ...vectors.map((vector): Example => ({ vector, label: 1, weight: 1 })),
      ...router.exemplars.map((e, i): Example => ({ vector: router.exemplarVector(i), label: 0, weight: NEGATIVE_WEIGHT[e.kind] })),
    ]);
    writeFileAtomically(file, JSON.stringify({ format: OUT_OF_SCOPE_FORMAT, sourceHash: hash, bias: classifier.bias, weights: [...classifier.weights] }));
    saveVectors(vectors, vectorsFile);
  }
  vectorised.current = {
    routerHash: router.sourceHash,
    index: invertedIndex(vectors),
    topicOf: topics.flatMap((t, i) => t.askedAs.map(() => i)),
    topics: topics.map((t) => t.topic),
    classifier,
  };
  return vectorised.current;
}

/** The chance, 0–1, that the query is about a topic the bank lacks (see OUT_OF_SCOPE_CHANCE). */
export function outOfScopeChance(query: string, router: QueryRouter, scope: () => OutOfScope = loadOutOfScope): number {
  return score(openOutOfScope(router, scope).classifier, router.vectorize(query));
}

/** The out-of-scope topic nearest the query, in the router's feature space (null when none are listed). */
export function nearestOutOfScope(query: string, router: QueryRouter, scope: () => OutOfScope = loadOutOfScope): OutOfScopeMatch | null {
  const { index, topicOf, topics } = openOutOfScope(router, scope);
  const sims = similarities(index, router.vectorize(query));
  const perTopic = topics.map(() => [] as number[]);
  for (let i = 0; i < sims.length; i++) perTopic[topicOf[i]!]!.push(sims[i]!);
  let best: OutOfScopeMatch | null = null;
  for (let t = 0; t < topics.length; t++) {
    const score =
      perTopic[t]!.sort((a, b) => b - a)
        .slice(0, ROUTE_TOP_K)
        .reduce((a, b) => a + b, 0) / ROUTE_TOP_K;
    if (!best || score > best.score) best = { topic: topics[t]!, score };
  }
  return best;
}
