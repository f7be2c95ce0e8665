/**
 * Misconceptions told in the right vocabulary: the candidate uses the reference's terms but
 * puts them in the wrong relation. Two generic signals, both read off the reference text
 * rather than written per question:
 *  - order: the reference gives a flow ("Request → Middleware (process_request) → View → …",
 *    or a numbered list of steps) and the candidate says A happens before B where the flow has
 *    B first (or "after" the other way round);
 *  - exclusivity: the candidate says "only X" of a contrasting pair (before/after,
 *    request/response, client/server, sync/async…) where a reference line has both.
 */
import { termsOfToken, TOKEN_PATTERN } from "./terms";

/** Words that name the two sides of a relation; saying "only" one side where the reference says both is a claim. */
const OPPOSITES: ReadonlyArray<readonly [string, string]> = [
  ["before", "after"],
  ["request", "response"],
  ["client", "server"],
  ["browser", "server"],
  ["sync", "async"],
  ["synchronous", "asynchronous"],
  ["top", "bottom"],
  ["first", "last"],
  ["read", "write"],
];

export interface ReferenceContrasts {
  /** Flows of the reference, each an ordered list of steps given by their terms. */
  sequences: Array<Array<Set<string>>>;
  /** Reference lines (key points and answer) with their terms and plain words. */
  lines: Array<{ text: string; words: Set<string>; terms: Set<string> }>;
}

export interface ContrastClaim {
  /** What the reference says instead. */
  correction: string;
}

function baseWord(word: string): string {
  return word.toLowerCase().replace(/'s$/, "").replace(/(?<=[a-z]{3})s$/, "");
}

/** Terms of a run of tokens, plus whole identifiers ("process_response") so their parts don't scatter. */
function termsOfTokens(tokens: string[]): Set<string> {
  const out = new Set<string>();
  for (const t of tokens) {
    for (const term of termsOfToken(t)) out.add(term);
    const id = t.toLowerCase().replace(/^@/, "").replace(/\(\)$/, "");
    if (/[a-z0-9][_.][a-z]/.test(id)) out.add(id.replace(/\./g, "_"));
  }
  return out;
}

function tokensOf(text: string): string[] {
  return [...text.matchAll(TOKEN_PATTERN)].map((m) => m[0]);
}

function sequencesOf(referenceText: string): Array<Array<Set<string>>> {
  const sequences: Array<Array<Set<string>>> = [];
  const steps = (line: string) => line.split(/\s*(?:→|->|=>)\s*/).filter((s) => /[A-Za-z]/.test(s));
  let numbered: string[] = [];
  const flushNumbered = () => {
    if (numbered.length >= 3) sequences.push(numbered.flatMap(steps).map((s) => termsOfTokens(tokensOf(s))));
    numbered = [];
  };
  for (const raw of referenceText.split("\n")) {
    const line = raw.replace(/^\s*#+\s*/, "").replace(/[*`]/g, "");
    const item = /^\s*\d+\.\s+(.+)$/.exec(line);
    if (item && !/^[A-Z0-9 _-]+$/.test(item[1]!)) {
      numbered.push(item[1]!);
      continue;
    }
    flushNumbered();
    const parts = steps(line);
    if (parts.length >= 3) sequences.push(parts.map((s) => termsOfTokens(tokensOf(s))));
  }
  flushNumbered();
  return sequences;
}

export function referenceContrasts(referenceText: string, keyPoints: string[]): ReferenceContrasts {
  const lines = [...keyPoints, ...referenceText.split("\n")]
    .map((text) => text.replace(/^\s*[#*-]+\s*/, "").trim())
    .filter((text) => text.length > 0)
    .map((text) => {
      const tokens = tokensOf(text);
      return { text, words: new Set(tokens.map(baseWord)), terms: termsOfTokens(tokens) };
    });
  return { sequences: sequencesOf(referenceText), lines };
}

/** Where a side of a claim sits in a flow: the steps of its most specific term that the flow knows. */
function positionsIn(sequence: Array<Set<string>>, terms: Set<string>): number[] | null {
  let best: number[] | null = null;
  for (const t of terms) {
    const at = sequence.flatMap((step, i) => (step.has(t) ? [i] : []));
    if (at.length === 0) continue;
    // Identifiers ("process_response") beat their parts; fewer steps beat more.
    const rank = (xs: number[], term: string) => xs.length - (term.includes("_") ? 0.5 : 0);
    if (!best || rank(at, t) < rank(best, "")) best = at;
  }
  return best;
}

function orderClaim(contrasts: ReferenceContrasts, tokens: string[]): ContrastClaim | null {
  const lower = tokens.map((t) => t.toLowerCase());
  const hasBefore = lower.includes("before");
  const hasAfter = lower.includes("after");
  if (hasBefore === hasAfter) return null;
  const word = hasBefore ? "before" : "after";
  const at = lower.indexOf(word);
  const left = termsOfTokens(tokens.slice(0, at));
  const right = termsOfTokens(tokens.slice(at + 1));
  for (const sequence of contrasts.sequences) {
    const l = positionsIn(sequence, left);
    const r = positionsIn(sequence, right);
    if (!l || !r) continue;
    const wrong = word === "before" ? Math.min(...l) > Math.max(...r) : Math.max(...l) < Math.min(...r);
    if (wrong) return { correction: `The reference gives the order the other way round: ${sequence.map((s) => [...s].filter((t) => !t.includes("_")).join(" ")).join(" → ")}.` };
  }
  return null;
}

function exclusivityClaim(contrasts: ReferenceContrasts, tokens: string[]): ContrastClaim | null {
  const words = new Set(tokens.map(baseWord));
  if (!words.has("only")) return null;
  const terms = termsOfTokens(tokens);
  for (const [a, b] of OPPOSITES) {
    const said = words.has(a) && !words.has(b) ? a : words.has(b) && !words.has(a) ? b : null;
    if (!said) continue;
    const pairTerms = new Set([...termsOfToken(a), ...termsOfToken(b)]);
    const line = contrasts.lines.find((l) => l.words.has(a) && l.words.has(b) && [...terms].some((t) => !pairTerms.has(t) && l.terms.has(t)));
    if (line) return { correction: `Not only ${said}: the reference says "${line.text}".` };
  }
  return null;
}

/** A claim that puts the reference's terms in a relation the reference contradicts, or null. */
export function contrastClaim(contrasts: ReferenceContrasts, clauseTokens: string[]): ContrastClaim | null {
  return orderClaim(contrasts, clauseTokens) ?? exclusivityClaim(contrasts, clauseTokens);
}
