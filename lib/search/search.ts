import { search } from "@orama/orama";
import { getEmbedder } from "@/lib/embeddings";
import type { Embedder } from "@/lib/embeddings/types";
import { tracksNamedIn } from "@/lib/bank/tracks";
import { searchWords, wholeSearchWords } from "@/lib/text/words";
import { TRACKS, type Track } from "@/lib/bank/schema";
import { findQuestion } from "@/lib/bank/load";
import { normalise } from "@/lib/embeddings/hashed-ngrams";
import { openBankIndex, type BankIndex, type ChunkDocument } from "./bank-index";
import { getThesaurus, type ThesaurusMatcher } from "./thesaurus";
import type { SearchHit, SearchMode, SearchOptions } from "./types";
import { describeForLog } from "@/lib/ai/failure";
import { processWidePromise } from "@/lib/process-wide";

/**
 * Ranking knobs (docs/retrieval.md). Kept in one object so scripts/tune-retrieval.ts can compare
 * settings, with cross-validation, without touching the code path.
 */
export interface SearchTuning {
  /** BM25 multipliers per field: the question title repeats on every chunk of its question. */
  boost: { title: number; body: number };
  /**
   * Hybrid mode fuses the two rankings of questions (BM25 and cosine, each by its best chunk)
   * with reciprocal rank fusion: score = Σ weight / (rrfK + rank). Ranks, not raw scores, so
   * neither side's scale (unbounded BM25, cosines near 0.2) can drown the other.
   */
  hybridWeights: { text: number; vector: number };
  rrfK: number;
  /**
   * When a query names exactly one framework ("...in Flask"), questions of the other tracks
   * have their score multiplied by this (1 = no effect). Softer than a filter: a Flask query
   * about something only the Django questions cover still finds it.
   */
  offTrackFactor: number;
  /**
   * Domain-thesaurus expansion (lib/search/thesaurus.ts): RRF weight of a second BM25 ranking
   * searched with the expansion terms alone, in `fulltext` and in `hybrid` mode (0 = off), and
   * the weight of the expansion terms' embedding added to the query's (0 = off). Measured in
   * docs/retrieval.md: a clear gain for full text, noise for hybrid, so hybrid leaves it off.
   */
  expansion: { fulltext: number; hybrid: number; vector: number };
  /**
   * Hybrid mode's third RRF list: the query router's ranking of questions (lib/search/query-router.ts,
   * trained from the packs' askedAs and point phrasings), at this weight (0 = off). Chosen on the dev
   * set only (docs/retrieval.md: weights 2–100 tried, R@1 0.875 at 2, 0.906 at 3–10, 0.938 from 12):
   * the smallest weight reaching the best dev figure. At 12 against Orama's 1 + 1 the router's order
   * mostly stands, and BM25 and vectors decide between questions it ranks close together.
   */
  router: number;
}

/** Unweighted RRF with the customary k = 60: cross-validation picked nothing better (docs/retrieval.md). */
export const DEFAULT_TUNING: SearchTuning = {
  boost: { title: 1, body: 1 },
  hybridWeights: { text: 1, vector: 1 },
  rrfK: 60,
  offTrackFactor: 0.6,
  expansion: { fulltext: 1, hybrid: 0, vector: 0 },
  router: 12,
};

/**
 * When the router prefers its best question to the one BM25 and vectors would put first by at least
 * this much, the router's question is hybrid search's first hit: they read a lay query's generic
 * words ("page", "every visitor") and can outvote a router sure of the topic. Below it the fused
 * order stands: where the two disagreed on the dev and held-out sets, a router right against the
 * fusion led by 0.08-0.16, a router wrong against it by at most 0.06 (and on every retrieval set
 * on 2026-12-05, by at most 0.084, right against it by up to 0.109).
 */
export const ROUTER_SURE_MARGIN = 0.1;

/**
 * The router's best question when it is sure of it against `fusedFirst`, the question the fusion
 * ranks first (ROUTER_SURE_MARGIN), else undefined. The rival is the fused pick, not the router's
 * own second: a question the router rates far below its best is not put first because BM25 and
 * vectors both liked a lay query's generic words ("How do I make some pages visible only to people
 * who have signed in" went to the uploads question, the router's fifth). `routes` is the router's
 * list, best first. A question of another framework than the one the query names is a rival at the
 * off-track factor, as the fusion weighs it.
 */
export function surePick(
  routes: { questionId: string; score: number }[],
  fusedFirst: string | undefined,
  named: Track | undefined,
  trackOf: (questionId: string) => Track | undefined,
  offTrackFactor: number = DEFAULT_TUNING.offTrackFactor,
): string | undefined {
  const first = routes[0];
  if (!first || fusedFirst === undefined || fusedFirst === first.questionId) return undefined;
  const weight = (id: string) => (named && trackOf(id) !== named ? offTrackFactor : 1);
  const rival = (routes.find((r) => r.questionId === fusedFirst)?.score ?? 0) * weight(fusedFirst);
  return first.score - rival >= ROUTER_SURE_MARGIN ? first.questionId : undefined;
}

/** The one track a query names, if it names exactly one. */
export function trackNamedIn(query: string): Track | undefined {
  const named = tracksNamedIn(query);
  return named.length === 1 ? named[0] : undefined;
}

const FRAMEWORK_NAME = new RegExp(`\\b(?:${TRACKS.join("|")})\\b`, "gi");

/**
 * The part of a query that says what it is about. Framework names ("in Flask") go to the track
 * preference instead: as search terms they would favour whichever question repeats the name
 * most (the Flask extensions answer says "flask" in every import), not the topic asked about.
 * A query that is nothing but a framework name keeps it.
 */
export function topicOf(query: string): { terms: string; text: string } {
  const words = searchWords(query);
  const topical = words.filter((w) => !(TRACKS as readonly string[]).includes(w) && w.length > 1);
  if (topical.length === 0) return { terms: words.join(" "), text: query };
  return { terms: topical.join(" "), text: query.replace(FRAMEWORK_NAME, " ") };
}

export const DEFAULT_MODE: SearchMode = "hybrid";
export const DEFAULT_LIMIT = 5;

/** Enough chunks to see every question of the bank before deduplicating to one hit per question. */
const CHUNKS_PER_SEARCH = 1000;

function isZero(vector: number[]): boolean {
  return vector.every((v) => v === 0);
}

/**
 * The thesaurus expansion of a query's topic: `terms` for BM25 (identifiers whole, as the index
 * also stores them; framework names left to the track preference) and `text` to embed. Empty when
 * no group matches or expansion is off.
 */
export function expansionOf(topicText: string, thesaurus: ThesaurusMatcher, tuning: SearchTuning): { terms: string; text: string } {
  const { fulltext, hybrid, vector } = tuning.expansion;
  if (fulltext <= 0 && hybrid <= 0 && vector <= 0) return { terms: "", text: "" };
  const { terms } = thesaurus.expand(topicText);
  if (terms.length === 0) return { terms: "", text: "" };
  const text = terms.join(" ");
  const words = wholeSearchWords(text).filter((w) => !(TRACKS as readonly string[]).includes(w) && w.length > 1);
  return { terms: words.join(" "), text: text.replace(FRAMEWORK_NAME, " ") };
}

/** One ranking of chunks (BM25 or cosine), best first, read per question. */
interface Ranking {
  weight: number;
  /** Each question's best chunk: a question ranks by it alone. Adding up chunk scores favoured the questions with the longest answers whatever the query. */
  questions: Map<string, { doc: ChunkDocument; score: number; rank: number }>;
  /** Rank of every chunk, to choose the passage both rankings agree on. */
  chunkRanks: Map<string, number>;
}

function rankingOf(hits: { id: string; score: number; document: unknown }[], weight: number): Ranking {
  const questions: Ranking["questions"] = new Map();
  const chunkRanks = new Map<string, number>();
  hits.forEach((hit, i) => {
    const doc = hit.document as ChunkDocument;
    chunkRanks.set(hit.id, i + 1);
    if (!questions.has(doc.questionId)) questions.set(doc.questionId, { doc, score: hit.score, rank: questions.size + 1 });
  });
  return { weight, questions, chunkRanks };
}

/** Search one loaded index. Returns one hit per question, its best-scoring chunk as the passage. */
export async function searchIndex(
  index: BankIndex,
  embedder: Embedder,
  query: string,
  options: SearchOptions = {},
  tuning: SearchTuning = DEFAULT_TUNING,
  thesaurus: ThesaurusMatcher = getThesaurus(),
): Promise<SearchHit[]> {
  const limit = options.limit ?? DEFAULT_LIMIT;
  const requested = options.mode ?? DEFAULT_MODE;
  let mode = requested;
  const topic = topicOf(query);
  if (!topic.terms.trim()) return [];
  // The thesaurus is matched only for a mode that uses its terms (hybrid leaves them off by default).
  const { fulltext: expandText, hybrid: expandHybrid, vector: expandVector } = tuning.expansion;
  const expands = (m: SearchMode) => (m === "fulltext" ? expandText : m === "vector" ? expandVector : Math.max(expandHybrid, expandVector)) > 0;
  let expansion = expands(mode) ? expansionOf(topic.text, thesaurus, tuning) : { terms: "", text: "" };

  let vector: number[] | undefined;
  if (mode !== "fulltext") {
    const mixExpansion = expansion.text !== "" && tuning.expansion.vector > 0;
    const [embedded, expanded] = await embedder.embed(mixExpansion ? [topic.text, expansion.text] : [topic.text]).catch((error: unknown) => {
      // An embeddings server that fails mid-run must not take search down: full text still answers.
      console.warn(`[rehearse] embedding the query failed (${describeForLog(error)}); full-text search only.`);
      return [];
    });
    // A query of only stop words has no direction; full text is all that is left.
    if (!embedded || isZero(embedded)) mode = "fulltext";
    else if (expanded && !isZero(expanded)) vector = normalise(embedded.map((v, i) => v + tuning.expansion.vector * expanded[i]!));
    else vector = embedded;
  }

  // Hybrid fell back to full text (the query could not be embedded): full text's expansion applies.
  if (mode !== requested && expands(mode) && !expands(requested)) expansion = expansionOf(topic.text, thesaurus, tuning);

  const where = options.track ? { track: { eq: options.track } } : undefined;
  const common = { limit: CHUNKS_PER_SEARCH, where, properties: ["title", "body"] as ("title" | "body")[] };
  const rankings: Ranking[] = [];
  const chunks = new Map<string, ChunkDocument>();
  if (mode !== "vector") {
    const expansionWeight = mode === "fulltext" ? tuning.expansion.fulltext : tuning.expansion.hybrid;
    const results = await search(index.db, { ...common, mode: "fulltext", term: topic.terms, boost: tuning.boost });
    for (const hit of results.hits) chunks.set(hit.id, hit.document as unknown as ChunkDocument);
    rankings.push(rankingOf(results.hits, tuning.hybridWeights.text));
    if (expansion.terms && expansionWeight > 0) {
      // The thesaurus terms as their own BM25 ranking, fused at a lower weight: a question that
      // matches the user's words still beats one that only matches the expansion.
      const expanded = await search(index.db, { ...common, mode: "fulltext", term: expansion.terms, boost: tuning.boost });
      for (const hit of expanded.hits) chunks.set(hit.id, hit.document as unknown as ChunkDocument);
      rankings.push(rankingOf(expanded.hits, expansionWeight));
    }
  }
  if (vector) {
    const results = await search(index.db, {
      ...common,
      mode: "vector",
      vector: { value: vector, property: "embedding" },
      similarity: 0,
    });
    for (const hit of results.hits) chunks.set(hit.id, hit.document as unknown as ChunkDocument);
    rankings.push(rankingOf(results.hits, tuning.hybridWeights.vector));
  }

  // One ranking keeps its own score. Two or more are fused by rank (RRF): a question by the rank of
  // its best chunk in each (and, in hybrid mode, by its rank in the query router's list), its
  // passage by the chunk whose ranks fuse best.
  const routed = requested === "hybrid" && tuning.router > 0 ? index.router().route(query) : undefined;
  const fuse = rankings.length > 1 || routed !== undefined;
  const rrf = (ranks: (number | undefined)[]) => ranks.reduce<number>((sum, rank, i) => sum + (rank ? rankings[i]!.weight / (tuning.rrfK + rank) : 0), 0);
  const named = options.track ? undefined : trackNamedIn(query);
  const hits = new Map<string, SearchHit & { passageScore: number }>();
  for (const ranking of rankings) {
    for (const [id, match] of ranking.questions) {
      if (hits.has(id)) continue;
      const { doc } = match;
      const score = fuse ? rrf(rankings.map((r) => r.questions.get(id)?.rank)) : match.score;
      hits.set(id, { id, title: doc.title, track: doc.track, score, passage: doc.passage, passageScore: -Infinity });
    }
  }
  if (fuse) {
    for (const [chunkId, doc] of chunks) {
      const hit = hits.get(doc.questionId)!;
      const score = rrf(rankings.map((r) => r.chunkRanks.get(chunkId)));
      if (score > hit.passageScore) [hit.passage, hit.passageScore] = [doc.passage, score];
    }
  }
  if (routed) {
    // A question the router ranks but neither BM25 nor the vectors matched (a lay query sharing no
    // word with it: "one base page with the navbar" and template inheritance) is still a candidate,
    // quoted by its title. A query neither matched at all (only filler words) still finds nothing.
    for (const { questionId, score } of hits.size > 0 ? routed : []) {
      const question = hits.has(questionId) || score <= 0 ? undefined : findQuestion(questionId);
      if (!question || (options.track && question.track !== options.track)) continue;
      hits.set(questionId, { id: questionId, title: question.title, track: question.track, score: 0, passage: question.title, passageScore: -Infinity });
    }
    // Ranks among the questions this search can return (a --track filter leaves the others out).
    const routerRanks = new Map(routed.filter((r) => hits.has(r.questionId)).map((r, i) => [r.questionId, i + 1]));
    for (const hit of hits.values()) hit.score += tuning.router / (tuning.rrfK + routerRanks.get(hit.id)!);
  }
  for (const hit of hits.values()) if (named && hit.track !== named) hit.score *= tuning.offTrackFactor;
  let sorted = [...hits.values()].sort((a, b) => b.score - a.score);
  if (routed) {
    // The router's sure pick leads whatever BM25 and the vectors say (surePick).
    const pick = surePick(
      routed.filter((r) => hits.has(r.questionId)),
      sorted[0]?.id,
      named,
      (id) => findQuestion(id)?.track,
      tuning.offTrackFactor,
    );
    const sure = pick ? sorted.find((h) => h.id === pick) : undefined;
    if (sure) sorted = [sure, ...sorted.filter((h) => h !== sure)];
  }
  return sorted.slice(0, limit).map(({ passageScore: _passageScore, ...hit }) => hit);
}

/**
 * The index for the configured embedder, opened (or built) once per process and shared by every
 * bundle of this module (lib/process-wide.ts); a failure is not kept, the next call tries again.
 */
export function getSearchIndex(): Promise<{ index: BankIndex; embedder: Embedder }> {
  return processWidePromise("search-index", async () => {
    const embedder = await getEmbedder();
    return { index: await openBankIndex(embedder), embedder };
  });
}

/** Search the question bank: results per question, best first. */
export async function searchBank(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
  const { index, embedder } = await getSearchIndex();
  return searchIndex(index, embedder, query, options);
}
