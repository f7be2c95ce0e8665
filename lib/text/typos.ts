/**
 * Typing slips: a word one edit away from a known word (one letter changed, added or dropped, or
 * two neighbours swapped: "djnago", "qureyset", "objet") is taken for it. Short words are left
 * alone: at three letters, one edit reaches too many other words.
 */
const MIN_LENGTH = 4;

/** True when `a` and `b` differ by at most one edit (optimal string alignment distance ≤ 1). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Compared in place, not by slicing: isSlipOf runs this over every known word of a similar length.
  if (a.length === b.length) {
    // One substitution, or one swap of neighbours.
    if (sameFrom(a, i + 1, b, i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && sameFrom(a, i + 2, b, i + 2);
  }
  // One letter added to the shorter word.
  return a.length < b.length ? sameFrom(a, i, b, i + 1) : sameFrom(a, i + 1, b, i);
}

/** Whether a from i on and b from j on are the same text. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** Known words grouped by length, for `isSlipOf`. */
export type WordsByLength = Map<number, string[]>;

export function byLength(words: Iterable<string>): WordsByLength {
  const groups: WordsByLength = new Map();
  for (const word of words) {
    if (word.length < MIN_LENGTH - 1) continue;
    const group = groups.get(word.length) ?? [];
    group.push(word);
    groups.set(word.length, group);
  }
  return groups;
}

/** Whether `word` (not itself known) is a slip for one of `known`. */
export function isSlipOf(word: string, known: WordsByLength): boolean {
  if (word.length < MIN_LENGTH) return false;
  for (const length of [word.length - 1, word.length, word.length + 1]) {
    for (const candidate of known.get(length) ?? []) if (withinOneEdit(word, candidate)) return true;
  }
  return false;
}

/**
 * The known word `word` (not itself known) is a slip for: of the known words one edit away, the
 * one `rank` puts first (the caller's order, e.g. the commonest: "modle" is "model", not "module").
 * Undefined when there is none, or the word is too short to tell.
 */
export function slipTarget(word: string, known: WordsByLength, rank: (candidate: string) => number): string | undefined {
  if (word.length < MIN_LENGTH) return undefined;
  let best: string | undefined;
  for (const length of [word.length - 1, word.length, word.length + 1]) {
    for (const candidate of known.get(length) ?? []) {
      if (withinOneEdit(word, candidate) && (best === undefined || rank(candidate) < rank(best))) best = candidate;
    }
  }
  return best;
}
