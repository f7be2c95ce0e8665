import { search } from "@orama/orama";
import { getEmbedder } from "@/lib/embeddings";
import type { Embedder } from "@/lib/embeddings/types";
import { wordsOf } from "@/lib/embeddings/words";
import { TRACKS, type Track } from "@/lib/bank/schema";
import { openBankIndex, searchableText, type BankIndex, type ChunkDocument } from "./bank-index";
import type { SearchHit, SearchMode, SearchOptions } from "./types";

/**
 * Ranking knobs, chosen by measurement on eval/retrieval-dev.jsonl (see docs/retrieval.md).
 * Kept in one object so the eval script can compare settings without touching the code path.
 */
export interface SearchTuning {
  /** BM25 multipliers per field: the question title repeats on every chunk of its question. */
  boost: { title: number; body: number };
  /** Weights of the max-normalised BM25 and cosine scores in hybrid mode. */
  hybridWeights: { text: number; vector: number };
  /**
   * When a query names exactly one framework ("...in Flask"), questions of the other tracks
   * have their score multiplied by this (1 = no effect). Softer than a filter: a Flask query
   * about something only the Django questions cover still finds it.
   */
  offTrackFactor: number;
  /**
   * How a question's chunk scores add up: best + decay × second + decay² × third ...
   * (0 = best chunk only). A question that matches in several sections is likelier the topic.
   */
  chunkDecay: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  boost: { title: 1, body: 1 },
  hybridWeights: { text: 0.3, vector: 0.7 },
  offTrackFactor: 0.6,
  chunkDecay: 0.2,
};

/** The one track a query names, if it names exactly one. */
export function trackNamedIn(query: string): Track | undefined {
  const words = new Set(wordsOf(query));
  const named = TRACKS.filter((t) => words.has(t));
  return named.length === 1 ? named[0] : undefined;
}

export const DEFAULT_MODE: SearchMode = "hybrid";
export const DEFAULT_LIMIT = 5;

/** Enough chunks to see every question of the bank before deduplicating to one hit per question. */
const CHUNKS_PER_SEARCH = 1000;

function isZero(vector: number[]): boolean {
  return vector.every((v) => v === 0);
}

/** Search one loaded index. Returns one hit per question, its best-scoring chunk as the passage. */
export async function searchIndex(
  index: BankIndex,
  embedder: Embedder,
  query: string,
  options: SearchOptions = {},
  tuning: SearchTuning = DEFAULT_TUNING,
): Promise<SearchHit[]> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  let mode = options.mode ?? DEFAULT_MODE;
  const term = searchableText(query);
  if (!term.trim()) return [];

  let vector: number[] | undefined;
  if (mode !== "fulltext") {
    const [embedded] = await embedder.embed([query]);
    // A query of only stop words has no direction; full text is all that is left.
    if (!embedded || isZero(embedded)) mode = "fulltext";
    else vector = embedded;
  }

  const where = options.track ? { track: { eq: options.track } } : undefined;
  const common = { limit: CHUNKS_PER_SEARCH, where, properties: ["title", "body"] as ("title" | "body")[] };
  const results = await (mode === "fulltext"
    ? search(index.db, { ...common, mode: "fulltext", term, boost: tuning.boost })
    : mode === "vector"
      ? search(index.db, { ...common, mode: "vector", vector: { value: vector!, property: "embedding" }, similarity: 0 })
      : search(index.db, {
          ...common,
          mode: "hybrid",
          term,
          boost: tuning.boost,
          vector: { value: vector!, property: "embedding" },
          similarity: 0,
          hybridWeights: tuning.hybridWeights,
        }));

  const named = options.track ? undefined : trackNamedIn(query);
  const best = new Map<string, SearchHit & { chunks: number }>();
  for (const hit of results.hits) {
    const doc = hit.document as unknown as ChunkDocument;
    const score = named && doc.track !== named ? hit.score * tuning.offTrackFactor : hit.score;
    const previous = best.get(doc.questionId);
    if (previous) {
      // Hits arrive best first, so the first chunk of a question is its passage.
      previous.score += score * tuning.chunkDecay ** previous.chunks;
      previous.chunks++;
      continue;
    }
    best.set(doc.questionId, { id: doc.questionId, title: doc.title, track: doc.track, score, passage: doc.passage, chunks: 1 });
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ chunks: _chunks, ...hit }) => hit);
}

let opened: Promise<{ index: BankIndex; embedder: Embedder }> | null = null;

/** The index for the configured embedder, opened (or built) once per process. */
export function getSearchIndex(): Promise<{ index: BankIndex; embedder: Embedder }> {
  opened ??= (async () => {
    const embedder = await getEmbedder();
    return { index: await openBankIndex(embedder), embedder };
  })().catch((error: unknown) => {
    opened = null; // let the next call try again instead of caching the failure
    throw error;
  });
  return opened;
}

/** Search the question bank: results per question, best first. */
export async function searchBank(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  const { index, embedder } = await getSearchIndex();
  return searchIndex(index, embedder, query, options);
}
