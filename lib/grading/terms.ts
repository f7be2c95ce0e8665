/**
 * Content terms for lexical matching: identifiers split into their parts, words stemmed,
 * function words dropped. Used by the rubric, the local judge and off-topic detection so
 * that "select_related()", "select related" and "selects related" all meet on the same terms.
 */
import { stem as analyserStem } from "@/lib/text/analyser";

const STOPWORDS = new Set(
  (
    "a an and are as at be been being but by can could did do does doing done for from had has have having he her his how i i'd i'm if in into is it it's its itself just me my of on once only or other our out over own same she should so some such than that the their them then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours " +
    "also about after again against all am any because before below between both each few more most no nor not off further here once s t don doesn isn aren wasn weren won wouldn shouldn couldn ll re ve d m o y " +
    "um uh er erm hmm uhm ah mm okay ok yeah yes well like basically actually really kind sort thing things stuff lot lots guess think mean know want need go goes going gets got let lets say says said " +
    "one two three first second also etc rather eg e g ie via using use used uses make makes made way ways whatever something someone anything every"
  ).split(/\s+/),
);

/** Words that appear in nearly every answer of the bank and carry no point on their own. */
const GENERIC = new Set("python code example examples".split(" "));

/** Orama's English stemmer (the analyser's), lower-cased first. */
export function stem(word: string): string {
  return analyserStem(word.toLowerCase());
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word.toLowerCase());
}

/** Split an identifier-ish token ("form.is_valid()", "@login_required", "ModelForm") into lower-case words. */
export function wordsOf(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .map((w) => w.replace(/^'+|'+$/g, "").replace(/'s$/, ""))
    .filter(Boolean);
}

/** The content terms (stems) of a token; camel-case compounds also give their joined form ("modelform"). */
export function termsOfToken(token: string): string[] {
  // Template syntax is vocabulary too: "{{ }}" prints, "{% %}" runs logic.
  if (token === "{{" || token === "{%") return [token];
  const words = wordsOf(token).filter((w) => !isStopword(w) && !GENERIC.has(w) && w.length > 1);
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
