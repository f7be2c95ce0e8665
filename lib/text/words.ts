/**
 * How each profile cuts text into words, side by side. The analyser (./analyser.ts) is the full
 * tokenizer (offsets, contractions, negation, fillers) the local judge reads answers with; these are
 * the plain word lists the other readers need. They differ on purpose, and each difference is
 * pinned by a measured figure or a stored key, so they live here together rather than as copies:
 *
 *   searchWords      the Orama index, the embedders, query topics, review rewording: an identifier
 *                    keeps its joined form beside its parts ("select_related", "select", "related")
 *                    so a query that says either finds it (retrieval figures of `npm run eval`);
 *                    wholeSearchWords keeps only the joined form, for thesaurus expansions
 *   identifierWords  the rubric's terms: camel case split too ("ModelForm" → "model", "form"),
 *                    only the parts (every bank question's rubric)
 *   spokenWords      a transcript's words for delivery metrics: identifiers and digits apart
 *                    ("select_related" → "select related"), the way they are said
 *   speechWords      a key point's words in a spoken answer: one joined, plural-folded form
 *                    ("QuerySets" → "queryset"), matched against spokenWords word by word and in
 *                    adjacent pairs
 *   titleWords       a question's id: the title's content words; ids are stored with every answer,
 *                    so this list is frozen (changing it would orphan a bank's progress)
 */
import { foldPlural } from "./analyser";
import { STOP_WORDS } from "./stop-words";

/** Lower-cased words with identifiers also split into their parts: "form.non_field_errors" → form_non_field_errors, form, non, field, errors. */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[a-z0-9][a-z0-9_'.-]*/g) ?? []) {
    const word = raw.replace(/['.-]+$/, "").replace(/'s$/, "");
    if (!word) continue;
    const parts = word.split(/[_.-]+/).filter(Boolean);
    if (parts.length > 1) out.push(word.replace(/[.]/g, "_"), ...parts);
    else out.push(word);
  }
  return out;
}

/**
 * Search words with identifiers kept whole (`request.cookies` → `request_cookies`, as the index
 * also stores them): a thesaurus expansion's parts ("request", "user", "id") are generic words that
 * would favour whichever answer repeats them, not the concept the term stands for.
 */
export function wholeSearchWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9][a-z0-9_'.-]*/g) ?? [])
    .map((w) =>
      w
        .replace(/['.-]+$/, "")
        .replace(/'s$/, "")
        .replace(/[.]/g, "_"),
    )
    .filter(Boolean);
}

/** The search words that carry meaning (the search profile's stop words and one-letter words removed). */
export function searchContentWords(text: string): string[] {
  return searchWords(text).filter((w) => !STOP_WORDS.search.has(w) && w.length > 1);
}

/** An identifier-ish token ("form.is_valid()", "@login_required", "ModelForm") as lower-case words. */
export function identifierWords(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, "").replace(/'s$/, ""))
    .filter(Boolean);
}

/** Lower-case spoken words: identifiers split ("select_related" → "select related"), digits apart. */
export function spokenWords(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .toLowerCase()
    .replace(/[’]/g, "'")
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, ""))
    .filter(Boolean);
}

/** A key point's distinct content words for speech, each in one joined, plural-folded form. */
export function speechWords(text: string): string[] {
  const tokens = text.split(/[^A-Za-z0-9_']+/).filter(Boolean);
  return [...new Set(tokens.map((t) => foldPlural(t.toLowerCase().replace(/_+/g, ""))).filter((w) => w.length >= 3 && !STOP_WORDS.speech.has(w)))];
}

/** Words a question id leaves out of its title. Frozen: see titleWords. */
const ID_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be by can do does for from give how in is it its of on or s the to use using what when which why with work works " +
    "you your they explain example examples"
  ).split(" "),
);

/** The content words of a question title, in order, as its id uses them. */
export function titleWords(title: string): string[] {
  return title
    .toLowerCase()
    .replace(/['’]s\b/g, "")
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !ID_STOP_WORDS.has(w));
}
