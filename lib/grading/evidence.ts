/**
 * Evidence must be the candidate's own words. A judge's quote is aligned to the answer the way a
 * reader would check it, not compared character by character: case, punctuation, fillers and
 * restarts, contractions ("it's" / "it is"), spoken identifiers ("select underscore related" /
 * "select_related"), a word or two inserted, changed or dropped, and two nearby spans merged
 * without an ellipsis all still match. What must hold: the quote's content words were said by the
 * candidate, near each other and in that order, and no negation was added or lost.
 *
 * The result is the candidate's verbatim span the quote aligned to, so what the UI shows and
 * highlights is always what the candidate really said. Both judges, and error claims as well as
 * key-point verdicts, go through `alignQuote`.
 */
import { tokenize, type Token } from "@/lib/text/analyser";

export interface QuoteMatch {
  /** The candidate's words, exactly as written in the answer. */
  span: string;
  start: number;
  end: number;
  /** Share of the quote's content words found in the span. */
  coverage: number;
}

const MATCH_CONTENT = 2;
const MATCH_STOP = 0.5;
const SUBSTITUTE = -1;
/** A word the quote has and the candidate did not say. */
const QUOTE_ONLY_CONTENT = -1.5;
const QUOTE_ONLY_STOP = -0.3;
/** Candidate words the quote leaves out: a gap costs to open, little to extend (merged clauses). */
const GAP_OPEN = -1;
const GAP_EXTEND = -0.12;
/** Content words of the quote allowed to be missing from the answer: one, or 30% of a long quote. */
const MISSING_SHARE = 0.3;

function sameWord(a: Token, b: Token): boolean {
  return a.stem === b.stem || a.word === b.word;
}

interface Cell {
  score: number;
  /** Index into the answer tokens where this alignment starts, and of its last aligned token. */
  from: number;
  last: number;
  /** Quote content tokens matched along the path. */
  matched: number;
  /** Words matched with opposite polarity: "sends" quoted for "doesn't send". */
  conflicts: number;
}

const NONE: Cell = { score: -Infinity, from: -1, last: -1, matched: 0, conflicts: 0 };

function better(a: Cell, b: Cell): Cell {
  return b.score > a.score ? b : a;
}

function plus(c: Cell, score: number, change: Partial<Cell> = {}): Cell {
  return c.score === -Infinity ? NONE : { ...c, ...change, score: c.score + score };
}

/**
 * The candidate's span that `quote` stands for, or null when the quote is not the candidate's
 * words. An ellipsis in the quote needs no special case: the gap it stands for is a gap.
 * Local alignment with affine gaps on the answer's side (Smith–Waterman–Gotoh) over analysed words.
 */
export function alignQuote(answer: string, quote: string): QuoteMatch | null {
  const a = tokenize(answer).filter((t) => !t.filler);
  const q = tokenize(quote.replace(/\.{3,}|…/g, " ")).filter((t) => !t.filler);
  const content = q.filter((t) => !t.stop).length;
  if (content === 0 || a.length === 0) return null;

  const m = a.length;
  // Rolling rows: H ends in an aligned pair, E in skipped answer words, F in skipped quote words.
  let prevH: Cell[] = new Array(m + 1).fill(NONE);
  let prevE: Cell[] = new Array(m + 1).fill(NONE);
  let prevF: Cell[] = new Array(m + 1).fill(NONE);
  let best: Cell = NONE;

  for (let i = 1; i <= q.length; i++) {
    const qt = q[i - 1]!;
    const H: Cell[] = new Array(m + 1).fill(NONE);
    const E: Cell[] = new Array(m + 1).fill(NONE);
    const F: Cell[] = new Array(m + 1).fill(NONE);
    const quoteOnly = qt.stop ? QUOTE_ONLY_STOP : QUOTE_ONLY_CONTENT;
    for (let j = 1; j <= m; j++) {
      const at = a[j - 1]!;
      const isMatch = sameWord(qt, at);
      const pair = isMatch ? (qt.stop ? MATCH_STOP : MATCH_CONTENT) : SUBSTITUTE;
      const gained = isMatch && !qt.stop ? 1 : 0;
      const conflict = isMatch && !qt.stop && qt.negated !== at.negated ? 1 : 0;
      const diag = better(better(prevH[j - 1]!, prevE[j - 1]!), prevF[j - 1]!);
      let h = plus(diag, pair, { last: j - 1, matched: diag.matched + gained, conflicts: diag.conflicts + conflict });
      if (isMatch) h = better(h, { score: pair, from: j - 1, last: j - 1, matched: gained, conflicts: conflict });
      H[j] = h.score > 0 ? h : NONE;
      E[j] = better(plus(H[j - 1]!, GAP_OPEN), plus(E[j - 1]!, GAP_EXTEND));
      F[j] = plus(better(better(prevH[j]!, prevF[j]!), prevE[j]!), quoteOnly);
      if (H[j]!.score > best.score) best = H[j]!;
    }
    prevH = H;
    prevE = E;
    prevF = F;
  }

  if (best.from < 0) return null;
  const missing = content - best.matched;
  // A short quote must be all the candidate's words: one changed word in three is a paraphrase.
  const allowed = content >= 4 ? Math.max(1, Math.floor(MISSING_SHARE * content)) : 0;
  if (best.matched < Math.min(2, content) || missing > allowed || best.conflicts > 0) return null;
  const start = a[best.from]!.start;
  const end = a[best.last]!.end;
  const span = answer.slice(start, end);
  // A few characters ("the", "a") prove nothing.
  if (span.replace(/[^A-Za-z0-9]/g, "").length < 3) return null;
  return { span, start, end, coverage: best.matched / content };
}

/** True when `evidence` is the candidate's words (see alignQuote). */
export function verifyEvidence(answer: string, evidence: string): boolean {
  return alignQuote(answer, evidence) !== null;
}
