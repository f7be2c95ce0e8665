import { readFileSync } from "node:fs";
import path from "node:path";
import { create, insertMultiple, search, type AnyOrama } from "@orama/orama";
import { z } from "zod";
import { CONTENT_DIR } from "@/lib/bank/load";
import { STOP_WORDS, wordsOf } from "@/lib/embeddings/words";

/**
 * Concept cards: query classification into web-framework concepts. Each card says a problem the
 * way a non-expert would ("the site forgets who I am between pages") and lists the technical
 * terms a reference answer uses (`session`, `set_cookie`). A query is searched against the cards'
 * problem text and terms (BM25, stemmed), and the best cards' terms become an extra ranking of the bank.
 * More tolerant than the thesaurus's exact phrases: any shared content word counts.
 */
export const conceptCardSchema = z.object({
  concept: z.string().min(1),
  /** Two to four sentences in everyday words: what the person wants, the symptom they see. */
  problem: z.string().min(1),
  /** What a bank answer says about it. */
  terms: z.array(z.string().min(1)).min(1),
});
export const conceptCardsSchema = z.object({
  description: z.string().optional(),
  cards: z.array(conceptCardSchema).min(1),
});
export type ConceptCard = z.infer<typeof conceptCardSchema>;
export type ConceptCards = z.infer<typeof conceptCardsSchema>;

export const CONCEPTS_FILE = path.join(CONTENT_DIR, "concepts.json");

export interface ConceptMatch {
  card: ConceptCard;
  /** BM25 score of the query against the card's problem text. */
  score: number;
}

export interface ConceptOptions {
  /** At most this many cards are taken. */
  maxCards: number;
  /** A card's BM25 score must reach this to count: a single common word is not a concept. */
  minScore: number;
  /** A second card counts only when it scores at least this fraction of the first. */
  secondRatio: number;
}

export interface ConceptMatcher {
  /** The cards a query is about, best first (possibly none). */
  match(query: string, options: ConceptOptions): Promise<ConceptMatch[]>;
}

/** The cards in a tiny Orama index of their own, built at load: 60-100 short documents. */
export function createConceptMatcher(cards: ConceptCards): ConceptMatcher {
  const db: AnyOrama = create({
    schema: { concept: "string", problem: "string", terms: "string" },
    components: { tokenizer: { language: "english", stemming: true, stopWords: [...STOP_WORDS] } },
  });
  const ready = insertMultiple(
    db,
    cards.cards.map((card, i) => ({
      id: String(i),
      concept: wordsOf(card.concept).join(" "),
      problem: wordsOf(card.problem).join(" "),
      // The terms too: a query in the bank's own words ("get_response", "cache a ListView")
      // names its concept as surely as a lay one. Measured on dev: docs/retrieval.md.
      terms: wordsOf(card.terms.join(" ")).join(" "),
    })),
  );
  return {
    async match(query, { maxCards, minScore, secondRatio }) {
      await ready;
      const terms = wordsOf(query).join(" ");
      if (!terms.trim() || maxCards <= 0) return [];
      const results = await search(db, { term: terms, properties: ["concept", "problem", "terms"], limit: maxCards });
      const matches: ConceptMatch[] = [];
      for (const hit of results.hits) {
        const top = matches[0]?.score ?? hit.score;
        if (hit.score < minScore || hit.score < top * (matches.length ? secondRatio : 1)) break;
        matches.push({ card: cards.cards[Number(hit.id)]!, score: hit.score });
      }
      return matches;
    },
  };
}

/** Read and validate a concept-cards file; a malformed one fails with the file name and the problem. */
export function loadConceptCards(file: string = CONCEPTS_FILE): ConceptCards {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = conceptCardsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

let matcher: ConceptMatcher | null = null;

/** The bank's concept cards (content/concepts.json), indexed once per process. */
export function getConceptMatcher(): ConceptMatcher {
  matcher ??= createConceptMatcher(loadConceptCards());
  return matcher;
}
