import path from "node:path";
import { loadContentJson } from "@/lib/bank/content-json";
import { z } from "zod";
import { CONTENT_DIR } from "@/lib/bank/load";
import { invertedIndex, similarities, type InvertedIndex } from "@/lib/text/features";
import { processWide } from "@/lib/process-wide";
import { ROUTE_TOP_K, type QueryRouter } from "./query-router";

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
 * query: calibrated on the dev set with the coverage threshold (lib/interview/ask-coverage.ts).
 */
export const OUT_OF_SCOPE_MARGIN = 0.08;

export const OUT_OF_SCOPE_FILE = path.join(CONTENT_DIR, "out-of-scope.json");

export function loadOutOfScope(file: string = OUT_OF_SCOPE_FILE): OutOfScope {
  return loadContentJson(file, outOfScopeSchema);
}

export interface OutOfScopeMatch {
  topic: string;
  /** Mean cosine of the topic's best ROUTE_TOP_K phrasings, on the router's scale. */
  score: number;
}

interface Phrasings {
  sourceHash: string;
  index: InvertedIndex;
  topicOf: number[];
  topics: string[];
}
/** The topics' phrasings vectorised for the current router, shared by every bundle (lib/process-wide.ts). */
const vectorised = processWide("out-of-scope-phrasings", () => ({ current: null as Phrasings | null }));

/** The out-of-scope topic nearest the query, in the router's feature space (null when none are listed). */
export function nearestOutOfScope(query: string, router: QueryRouter, scope: () => OutOfScope = loadOutOfScope): OutOfScopeMatch | null {
  if (vectorised.current?.sourceHash !== router.sourceHash) {
    const { topics } = scope();
    vectorised.current = {
      sourceHash: router.sourceHash,
      index: invertedIndex(topics.flatMap((t) => t.askedAs.map(router.vectorize))),
      topicOf: topics.flatMap((t, i) => t.askedAs.map(() => i)),
      topics: topics.map((t) => t.topic),
    };
  }
  const { index, topicOf, topics } = vectorised.current;
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
