import { STOP_WORDS as PROFILES } from "@/lib/text/stop-words";

/**
 * Words that carry no meaning for retrieval (the search profile of lib/text/stop-words.ts):
 * shared by the full-text tokenizer and the local embedders so both ignore the same words.
 */
export const STOP_WORDS: ReadonlySet<string> = PROFILES.search;

/**
 * Lower-cased words of a text, split the way code is read: `select_related` and
 * `form.non_field_errors` also yield their parts, so "select related" finds `select_related`.
 */
export function wordsOf(text: string): string[] {
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

/** The words of a text that carry meaning (stop words and fillers removed). */
export function contentWords(text: string): string[] {
  return wordsOf(text).filter((w) => !STOP_WORDS.has(w) && w.length > 1);
}
