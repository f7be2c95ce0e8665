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
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    // One substitution, or one swap of neighbours.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  // One letter added to the shorter word.
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.slice(i) === long.slice(i + 1);
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
