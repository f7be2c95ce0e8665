import { describeForLog } from "@/lib/ai/failure";
import { findQuestion, getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { loadOutOfScope, nearestOutOfScope, OUT_OF_SCOPE_CHANCE, OUT_OF_SCOPE_MARGIN, outOfScopeChance } from "@/lib/search/out-of-scope";
import { processWide } from "@/lib/process-wide";
import { getEnglishWords } from "@/lib/text/english-words";
import type { QueryRouter } from "@/lib/search/query-router";
import { getSearchIndex, searchIndex, surePick, trackNamedIn } from "@/lib/search/search";

export { ROUTER_SURE_MARGIN, surePick } from "@/lib/search/search";
import type { SearchHit } from "@/lib/search/types";
import { tokenize } from "@/lib/text/analyser";
import { byLength, isSlipOf, slipTarget, type WordsByLength } from "@/lib/text/typos";

/**
 * Routing a candidate's question to the bank question it is about (hybrid search: BM25 + vectors +
 * the query router trained from the packs), and deciding whether the bank covers it at all.
 */

/**
 * Coverage: a question is covered when all three hold
 * - the router's score for the best question, less BANK_UNKNOWN_WORD_COST × the share of the query's
 *   content words the whole bank never uses (in its references or packs: "Celery", "Docker",
 *   "nginx"), reaches COVERAGE_THRESHOLD (the router is confident enough at all);
 * - that router score beats the nearest out-of-scope topic's (content/out-of-scope.json, scored the
 *   same way) by OUT_OF_SCOPE_MARGIN: a query about Pydantic validators scores well against the forms
 *   question, whose pack mentions Pydantic in passing, but better still against "Pydantic models
 *   and validation", a topic the bank lacks;
 * - the out-of-scope classifier's chance stays under OUT_OF_SCOPE_CHANCE: "rate limiting for a
 *   FastAPI endpoint" shares its framing with the FastAPI testing question's "… FastAPI endpoints"
 *   phrasings more than any topic phrasing shares "rate limiting", so only the words that tell the
 *   two apart decide it (lib/search/out-of-scope.ts).
 * Router confidence alone could not separate the two: lay in-bank questions ("the homepage is slow
 * because it recomputes the same numbers") score as low as out-of-bank ones, so a threshold high
 * enough to refuse Celery refused a third of them. Set by `scripts/eval-ask.ts --calibrate` on every
 * retrieval set but the newest (2026-12-04: 440 in-bank, 118 out-of-bank queries): the most right decisions, ties
 * to fewer in-bank questions refused, then the lower costs, threshold and margin and the higher
 * chance: 437/440 covered, 116/118 refused; each set decided by the settings the others pick, 435/440
 * and 112/118 (docs/retrieval.md; eval/retrieval-test10.jsonl was kept back to measure it). The cost-free rows tie with BANK_UNKNOWN_WORD_COST 0.25, kept as a
 * net for topics the list lacks. The share of unknown words counted against the best question's
 * own words was measured too: it refuses lay in-bank queries ("editable web page with server-side
 * checks"), so it is off.
 */
export const COVERAGE_THRESHOLD = 0.05;
export const BANK_UNKNOWN_WORD_COST = 0.25;
/** Defined beside the topics (scripts/check-packs.ts reads it without the search index); set here. */
export { OUT_OF_SCOPE_CHANCE, OUT_OF_SCOPE_MARGIN };

/** Questions offered when the bank does not cover a question. */
export const NEAREST_OFFERED = 3;

/** Every question is searched, as the router's sure pick may rank low in hybrid search. */
const SEARCHED = 1_000;

export interface Routed {
  hits: SearchHit[];
  router: QueryRouter;
  /** Router score of each question. */
  routeScores: Map<string, number>;
}

export async function route(query: string, withhold: string | null): Promise<Routed> {
  const { index, embedder } = await getSearchIndex();
  let hits: SearchHit[];
  try {
    hits = await searchIndex(index, embedder, query, { mode: "hybrid", limit: SEARCHED });
  } catch (error) {
    // The vector side failing (an embeddings server down) must not stop an answer: full text alone.
    console.warn(`[rehearse] hybrid search failed; answering from full-text search: ${describeForLog(error)}`);
    hits = await searchIndex(index, embedder, query, { mode: "fulltext", limit: SEARCHED });
  }
  const routes = index.router().route(query);
  hits = hits.filter((h) => h.id !== withhold);
  // Hybrid search put the router's sure pick first; without the withheld question it is decided again.
  const pick = surePick(
    routes.filter((r) => r.questionId !== withhold),
    hits[0]?.id,
    trackNamedIn(query),
    (id) => findQuestion(id)?.track,
  );
  const sure = pick ? hits.find((h) => h.id === pick) : undefined;
  if (sure) hits = [sure, ...hits.filter((h) => h !== sure)];
  return { hits: hits.slice(0, NEAREST_OFFERED + 2), router: index.router(), routeScores: new Map(routes.map((r) => [r.questionId, r.score])) };
}

interface Vocabulary {
  stems: Set<string>;
  /** The stems, and the words as written (lower case), by length: what a slip is a slip of. */
  byLength: WordsByLength;
  words: WordsByLength;
  /** How often the bank writes each word. */
  counts: Map<string, number>;
}

const vocabularies = new Map<string, Vocabulary>();

/** The stems a question uses (its reference and its routing exemplars), or with null the whole bank's. */
function vocabularyOf(question: Question | null, router: QueryRouter): Vocabulary {
  const key = `${router.sourceHash}:${question?.id ?? "*"}`;
  let vocabulary = vocabularies.get(key);
  if (!vocabulary) {
    const stems = new Set<string>();
    const counts = new Map<string, number>();
    const questions = question ? [question] : getBank();
    const ids = new Set(questions.map((q) => q.id));
    const texts = [
      ...questions.flatMap((q) => [q.title, q.answer, ...q.keyPoints]),
      ...router.exemplars.filter((e) => ids.has(e.questionId)).map((e) => e.text),
    ];
    for (const text of texts)
      for (const t of tokenize(text)) {
        stems.add(t.stem);
        counts.set(t.word, (counts.get(t.word) ?? 0) + 1);
      }
    vocabulary = { stems, byLength: byLength(stems), words: byLength(counts.keys()), counts };
    vocabularies.set(key, vocabulary);
  }
  return vocabulary;
}

/**
 * The query with its typing slips of the bank's words corrected ("how to wirte custum midleware in
 * djagno" → "how to write custom middleware in django"), for routing and quoting. The router's
 * features are words and their letter n-grams: with four of six words mistyped, the query scored
 * 0.02 against the middleware question (0.63 typed right) and was refused. Left as typed: a word
 * the bank uses, an English word (`english`: "chat" is no slip of "that"), a word of the topics
 * the bank lacks ("docker" is no slip of "locker"), a part of a code name or a number, and a word
 * no bank word is one edit from.
 */
export function withSlipsCorrected(query: string, router: QueryRouter, english: ReadonlySet<string>): string {
  const vocabulary = vocabularyOf(null, router);
  let out = "";
  let at = 0;
  for (const t of tokenize(query)) {
    if (t.stop || t.filler || t.start < at || vocabulary.stems.has(t.stem) || english.has(t.word) || outOfScopeWords().has(t.word)) continue;
    // The token is the whole written word (not a part of `alow_origins` or `camelCase`, not a contraction).
    if (query.slice(t.start, t.end).toLowerCase() !== t.word || /\d/.test(t.word) || /[\w.]/.test(query[t.end] ?? "")) continue;
    // The word the bank writes most of those one edit away.
    const target = slipTarget(t.word, vocabulary.words, (w) => -(vocabulary.counts.get(w) ?? 0));
    if (!target) continue;
    out += query.slice(at, t.start) + target;
    at = t.end;
  }
  return out + query.slice(at);
}

/** The words of the out-of-scope topics' phrasings (content/out-of-scope.json), lower case. */
function outOfScopeWords(): Set<string> {
  return processWide("out-of-scope-words", () => new Set(loadOutOfScope().topics.flatMap((t) => t.askedAs.flatMap((a) => tokenize(a).map((w) => w.word)))));
}

/**
 * Share of the query's content words that the question (or, with null, the whole bank) never uses.
 * A typing slip of a word it uses ("djnago", "qureysets") is not unknown: with four of seven words
 * mistyped, a query about QuerySets was refused as out of the bank.
 */
export function unknownWordShare(query: string, question: Question | null, router: QueryRouter): number {
  const content = tokenize(query).filter((t) => !t.stop && !t.filler && t.word.length > 1);
  if (content.length === 0) return 0;
  const vocabulary = vocabularyOf(question, router);
  return content.filter((t) => !vocabulary.stems.has(t.stem) && !isSlipOf(t.stem, vocabulary.byLength)).length / content.length;
}

/** The coverage score of the best question (see COVERAGE_THRESHOLD). */
export function coverageScore(query: string, question: Question, routed: Pick<Routed, "router" | "routeScores">): number {
  return (routed.routeScores.get(question.id) ?? 0) - BANK_UNKNOWN_WORD_COST * unknownWordShare(query, null, routed.router);
}

/** Whether the bank covers the query with `question` (see COVERAGE_THRESHOLD). */
export function covers(query: string, question: Question, routed: Pick<Routed, "router" | "routeScores">): boolean {
  if (coverageScore(query, question, routed) < COVERAGE_THRESHOLD) return false;
  if (outOfScopeChance(query, routed.router) >= OUT_OF_SCOPE_CHANCE) return false;
  const outOfScope = nearestOutOfScope(query, routed.router);
  return !outOfScope || (routed.routeScores.get(question.id) ?? 0) - outOfScope.score >= OUT_OF_SCOPE_MARGIN;
}

/** What the coverage decision reads for a query, for calibration (scripts/eval-ask.ts --calibrate). */
export async function coverageInputs(asked: string): Promise<{
  questionId: string | null;
  routerScore: number;
  unknownShare: number;
  bankUnknownShare: number;
  outOfScopeScore: number;
  outOfScopeChance: number;
}> {
  // Read as askBank reads it.
  const query = withSlipsCorrected(asked, (await getSearchIndex()).index.router(), await getEnglishWords());
  const routed = await route(query, null);
  const best = routed.hits[0] ? findQuestion(routed.hits[0].id) : undefined;
  const bankUnknownShare = unknownWordShare(query, null, routed.router);
  const outOfScopeScore = nearestOutOfScope(query, routed.router)?.score ?? 0;
  const chance = outOfScopeChance(query, routed.router);
  if (!best) return { questionId: null, routerScore: 0, unknownShare: 1, bankUnknownShare, outOfScopeScore, outOfScopeChance: chance };
  return {
    questionId: best.id,
    routerScore: routed.routeScores.get(best.id) ?? 0,
    unknownShare: unknownWordShare(query, best, routed.router),
    bankUnknownShare,
    outOfScopeScore,
    outOfScopeChance: chance,
  };
}
