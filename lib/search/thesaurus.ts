import path from "node:path";
import { loadContentJson } from "@/lib/bank/content-json";
import { z } from "zod";
import { CONTENT_DIR } from "@/lib/bank/load";
import { stem } from "@/lib/text/analyser";
import { processWide } from "@/lib/process-wide";

/**
 * A domain thesaurus for query expansion, the search-engine technique of synonym files: each
 * group maps everyday and interview phrasings of one concept ("log in", "who is allowed") to the
 * technical terms a reference answer uses (`login_required`, `permission`). Used at query time
 * only; the index and the bank text are untouched.
 */
export const thesaurusGroupSchema = z.object({
  concept: z.string().min(1),
  /** What a user might say. Matched as stemmed phrases, in order, allowing one word in between. */
  phrases: z.array(z.string().min(1)).min(1),
  /** What the bank's answers say: added to the query as lower-weighted expansion terms. */
  terms: z.array(z.string().min(1)).min(1),
});
export const thesaurusSchema = z.object({
  description: z.string().optional(),
  groups: z.array(thesaurusGroupSchema).min(1),
});
export type Thesaurus = z.infer<typeof thesaurusSchema>;
export type ThesaurusGroup = z.infer<typeof thesaurusGroupSchema>;

export const THESAURUS_FILE = path.join(CONTENT_DIR, "thesaurus.json");

/**
 * Words between two words of a phrase that a match tolerates ("logging people in" matches
 * "log in"), like a phrase query's slop in Lucene/Elasticsearch.
 */
export const PHRASE_SLOP = 1;

/**
 * Lower-cased alphanumeric words, stemmed by the analyser (Orama's English stemmer, the one the
 * index uses, so "caching" matches "cache"). Stop words stay: "log in" needs its "in". Code
 * identifiers (`allow_credentials`, `request.args`, `<int:id>`) are dropped: they already match
 * the index as written, and their parts are not lay words ("credentials" there is no login).
 */
export function phraseTokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => !/[a-z0-9][_.:<>][a-z0-9]/.test(w));
  return words
    .flatMap((w) => w.match(/[a-z0-9]+/g) ?? [])
    .filter((w) => !ARTICLES.has(w))
    .map(stem);
}

/** Ignored on both sides, so "url takes an id" also matches "url that takes the id". */
const ARTICLES: ReadonlySet<string> = new Set(["a", "an", "the"]);

/** Whether `phrase` occurs in `tokens` in order, with at most PHRASE_SLOP words between its words. */
function occursIn(tokens: string[], phrase: string[]): boolean {
  const match = (at: number, next: number): boolean => {
    if (next === phrase.length) return true;
    for (let i = at; i < Math.min(tokens.length, at + 1 + PHRASE_SLOP); i++) {
      if (tokens[i] === phrase[next] && match(i + 1, next + 1)) return true;
    }
    return false;
  };
  for (let start = 0; start < tokens.length; start++) {
    if (tokens[start] === phrase[0] && match(start + 1, 1)) return true;
  }
  return false;
}

export interface QueryExpansion {
  /** Concepts whose phrases the query contains. */
  concepts: string[];
  /** Their technical terms, deduplicated, in thesaurus order. */
  terms: string[];
}

export interface ThesaurusMatcher {
  expand(query: string): QueryExpansion;
}

export function createThesaurusMatcher(thesaurus: Thesaurus): ThesaurusMatcher {
  const groups = thesaurus.groups.map((group) => ({
    group,
    phrases: group.phrases.map(phraseTokens).filter((p) => p.length > 0),
  }));
  return {
    expand(query) {
      const tokens = phraseTokens(query);
      const concepts: string[] = [];
      const terms = new Set<string>();
      for (const { group, phrases } of groups) {
        if (!phrases.some((p) => occursIn(tokens, p))) continue;
        concepts.push(group.concept);
        for (const term of group.terms) terms.add(term);
      }
      return { concepts, terms: [...terms] };
    },
  };
}

/** Read and validate a thesaurus file; a malformed one fails with the file name and the problem. */
export function loadThesaurus(file: string = THESAURUS_FILE): Thesaurus {
  return loadContentJson(file, thesaurusSchema);
}

/** The bank's thesaurus (content/thesaurus.json), loaded once per process (lib/process-wide.ts). */
export function getThesaurus(): ThesaurusMatcher {
  return processWide("thesaurus", () => createThesaurusMatcher(loadThesaurus()));
}
