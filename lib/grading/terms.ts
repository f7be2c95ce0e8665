/**
 * Content terms for lexical matching: identifiers split into their parts, words stemmed,
 * function words (the grading profile of lib/text/stop-words.ts) dropped. Used by the rubric,
 * the local judge and off-topic detection so that "select_related()", "select related" and
 * "selects related" all meet on the same terms.
 */
import { stem as analyserStem } from "@/lib/text/analyser";
import { STOP_WORDS } from "@/lib/text/stop-words";
import { identifierWords } from "@/lib/text/words";

/** Words that appear in nearly every answer of the bank and carry no point on their own. */
const GENERIC = new Set("python code example examples".split(" "));

/** Orama's English stemmer (the analyser's), lower-cased first. */
export function stem(word: string): string {
  return analyserStem(word.toLowerCase());
}

export function isStopword(word: string): boolean {
  return STOP_WORDS.grading.has(word.toLowerCase());
}

/** The content terms (stems) of a token; camel-case compounds also give their joined form ("modelform"). */
export function termsOfToken(token: string): string[] {
  // Template syntax is vocabulary too: "{{ }}" prints, "{% %}" runs logic.
  if (token === "{{" || token === "{%") return [token];
  const words = identifierWords(token).filter((w) => !isStopword(w) && !GENERIC.has(w) && w.length > 1);
  const terms = words.map(stem);
  const joined = token.replace(/[^A-Za-z0-9]/g, "").toLowerCase();
  if (words.length > 1 && /[a-z][A-Z]/.test(token) && joined.length > 3) terms.push(stem(joined));
  return terms;
}

const TOKEN_PATTERN = /\{\{|\{%|[@#]?[A-Za-z0-9_]+(?:['’][A-Za-z]+)?(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\))?/g;

/** Content terms of free text (a key point, a heading, a section of the reference). */
export function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_PATTERN)) out.push(...termsOfToken(m[0]));
  return out;
}

export function termSet(text: string): Set<string> {
  return new Set(termsOf(text));
}

export { TOKEN_PATTERN };
