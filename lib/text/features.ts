/**
 * Hashed TF-IDF text features, shared by the local judge's matcher (lib/grading/local/matcher.ts) and
 * the query router (lib/search/query-router.ts): hashed word stems (negation-marked: "send" under
 * "doesn't" is another feature than "send"), word bigrams (which words go together: "select_related
 * join" vs "prefetch_related join") and character 3–5-grams inside words (spelling, morphology and
 * spoken forms of identifiers), and code identifiers whole ("user.has_perm" vs "perms.books": split
 * into words, the two read the same). Each group is TF-IDF weighted and L2-normalised, then the groups are
 * weighted and the whole vector normalised again, so cosine similarity is a dot product.
 */
import { contentTokens, type Token } from "@/lib/text/analyser";

export const FEATURE_BITS = 20;
const MASK = (1 << FEATURE_BITS) - 1;
const GROUP_WEIGHTS = { word: 0.55, bigram: 0.25, char: 0.2, code: 0.25 } as const;
type Group = keyof typeof GROUP_WEIGHTS;

/** A sparse vector: feature ids ascending, values aligned. */
export interface SparseVector {
  ids: Uint32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;

/** FNV-1a, 32-bit, continuing from state `h` over text[from, to): stable across runs and machines, so a saved IDF table stays valid. */
function fnv(h: number, text: string, from = 0, to = text.length): number {
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

function hash(text: string): number {
  return (fnv(FNV_OFFSET, text) >>> 0) & MASK;
}

/** The hash state after "c:", the char group's prefix: n-grams are hashed in place, without a string each. */
const CHAR_PREFIX = fnv(FNV_OFFSET, "c:");

/** Raw features of a text by group: feature id → count. */
export function rawFeatures(text: string): Record<Group, Map<number, number>> {
  return rawFeaturesOf(text, contentTokens(text));
}

/** rawFeatures from the text's content tokens already found. */
function rawFeaturesOf(text: string, content: Token[]): Record<Group, Map<number, number>> {
  const groups: Record<Group, Map<number, number>> = { word: new Map(), bigram: new Map(), char: new Map(), code: new Map() };
  const add = (g: Group, key: string) => {
    const id = hash(`${g[0]}:${key}`);
    groups[g].set(id, (groups[g].get(id) ?? 0) + 1);
  };
  let previous: string | null = null;
  for (const t of content) {
    const marked = t.negated ? `!${t.stem}` : t.stem;
    add("word", marked);
    if (previous) add("bigram", `${previous} ${marked}`);
    previous = marked;
    const padded = `<${t.word}>`;
    const chars = groups.char;
    for (let n = 3; n <= 5; n++)
      for (let i = 0; i + n <= padded.length; i++) {
        const id = (fnv(CHAR_PREFIX, padded, i, i + n) >>> 0) & MASK; // = hash(`c:${padded.slice(i, i + n)}`)
        chars.set(id, (chars.get(id) ?? 0) + 1);
      }
  }
  for (const id of codeIdentifiers(text)) add("code", id);
  return groups;
}

/** Dotted or snake_case names; each as a whole, its snake_case segments and its leading two-part path. */
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+|[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+/g;

export function codeIdentifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IDENTIFIER)) {
    const id = m[0].toLowerCase();
    const segments = id.split(".");
    if (segments.some((seg) => seg.length < 2)) continue; // "e.g", "i.e": abbreviations, not code
    out.push(id);
    if (segments.length > 2) out.push(segments.slice(0, 2).join("."));
    if (segments.length > 1) for (const seg of segments) if (seg.includes("_")) out.push(seg);
  }
  return out;
}

/** camelCase and CapWords names (validateOnSubmit, MultipleFileInput): code, read as words they say nothing. */
const CAMEL_NAME = /\b(?:[a-z]+[A-Z]|[A-Z][a-z0-9]+[A-Z])[A-Za-z0-9]*/g;
/** Python's keywords and literals: outside identifiers, the words code is written with. */
const CODE_WORDS = new Set([
  "if",
  "elif",
  "else",
  "for",
  "while",
  "in",
  "def",
  "class",
  "return",
  "yield",
  "import",
  "from",
  "as",
  "with",
  "try",
  "except",
  "raise",
  "pass",
  "lambda",
  "await",
  "async",
  "not",
  "and",
  "or",
  "is",
  "true",
  "false",
  "none",
  "self",
]);

/**
 * Whether a text is code with no prose around it (`if form.validate_on_submit():`,
 * `session.permanent = True`, `select_related / prefetch_related`): every word is part of an
 * identifier or one of Python's keywords. Such a line names or uses things; it claims nothing.
 */
export function isCodeOnly(text: string): boolean {
  const words =
    text
      .replace(IDENTIFIER, " ")
      .replace(CAMEL_NAME, " ")
      .match(/[A-Za-z]+/g) ?? [];
  return words.every((w) => CODE_WORDS.has(w.toLowerCase()));
}

export type RawFeatures = ReturnType<typeof rawFeatures>;

/** Document frequencies over a corpus, as the IDF table the artefact stores. */
export function idfTable(corpus: string[]): Map<number, number> {
  return idfTableOf(corpus.map(rawFeatures));
}

/** idfTable from texts' raw features already computed (a trainer that vectorizes them too computes them once). */
export function idfTableOf(corpus: RawFeatures[]): Map<number, number> {
  const df = new Map<number, number>();
  for (const groups of corpus) {
    for (const g of Object.values(groups)) for (const id of g.keys()) df.set(id, (df.get(id) ?? 0) + 1);
  }
  const n = corpus.length;
  const idf = new Map<number, number>();
  for (const [id, d] of df) idf.set(id, Math.log((n + 1) / (d + 1)) + 1);
  return idf;
}

/**
 * The weighted, normalised vector of a text. Features unseen in training get the highest IDF.
 * `words` keeps only the word, bigram and code groups: the classifiers' space (lib/text/logistic.ts),
 * where which words are said matters and spelling variants would only add weights to learn.
 */
export function vectorize(text: string, idf: Map<number, number>, unseenIdf: number, only: "all" | "words" = "all"): SparseVector {
  return vectorizeFeatures(rawFeatures(text), idf, unseenIdf, only);
}

/** Both vectors of a text from one pass over its words: the matcher's and the classifiers' (and the content tokens, for a caller that counts them). */
export function vectorizeBoth(
  text: string,
  idf: Map<number, number>,
  unseenIdf: number,
): { all: SparseVector; words: SparseVector; raw: RawFeatures; content: Token[] } {
  const content = contentTokens(text);
  const groups = rawFeaturesOf(text, content);
  // The word, bigram and code groups weigh the same in both vectors: weighted once.
  const weighted = groupsWeighted(groups, idf, unseenIdf);
  return { all: merge(weighted), words: merge(weighted.filter((w) => w.group !== "char")), raw: groups, content };
}

/** vectorize from a text's raw features already computed. */
export function vectorizeFeatures(groups: RawFeatures, idf: Map<number, number>, unseenIdf: number, only: "all" | "words" = "all"): SparseVector {
  const weighted = groupsWeighted(groups, idf, unseenIdf);
  return merge(only === "words" ? weighted.filter((w) => w.group !== "char") : weighted);
}

interface WeightedGroup {
  group: Group;
  ids: number[];
  values: number[];
}

/** Each group's TF-IDF weights, L2-normalised and scaled by the group's weight; groups in rawFeatures' order, empty ones left out. */
function groupsWeighted(groups: RawFeatures, idf: Map<number, number>, unseenIdf: number): WeightedGroup[] {
  const out: WeightedGroup[] = [];
  for (const [g, features] of Object.entries(groups) as Array<[Group, Map<number, number>]>) {
    let norm = 0;
    const ids: number[] = [];
    const values: number[] = [];
    for (const [id, tf] of features) {
      const w = (1 + Math.log(tf)) * (idf.get(id) ?? unseenIdf);
      ids.push(id);
      values.push(w);
      norm += w * w;
    }
    if (norm === 0) continue;
    const scale = GROUP_WEIGHTS[g] / Math.sqrt(norm);
    for (let k = 0; k < values.length; k++) values[k] = values[k]! * scale;
    out.push({ group: g, ids, values });
  }
  return out;
}

/**
 * The groups as one normalised sparse vector. Two groups can hash a feature to the same id: its
 * weights are summed in group order. Sorting one Float64Array of (id, position) keys rather than a
 * Map's [id, weight] pairs: no pair arrays to allocate, and a native numeric sort.
 */
function merge(groups: WeightedGroup[]): SparseVector {
  let n = 0;
  for (const g of groups) n += g.ids.length;
  // key = id · n + position: ordered by id, then by position (group order); exact in a double (id < 2^20).
  const keys = new Float64Array(n);
  const weights = new Float64Array(n);
  let at = 0;
  for (const g of groups)
    for (let k = 0; k < g.ids.length; k++, at++) {
      keys[at] = g.ids[k]! * n + at;
      weights[at] = g.values[k]!;
    }
  keys.sort();
  const ids = new Uint32Array(n);
  const merged = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    const id = Math.floor(keys[k]! / n);
    const w = weights[keys[k]! - id * n]!;
    if (m > 0 && ids[m - 1] === id) merged[m - 1]! += w;
    else {
      ids[m] = id;
      merged[m++] = w;
    }
  }
  let sum = 0;
  for (let k = 0; k < m; k++) sum += merged[k]! * merged[k]!;
  const total = Math.sqrt(sum) || 1;
  const values = new Float32Array(m);
  for (let k = 0; k < m; k++) values[k] = merged[k]! / total;
  return { ids: ids.slice(0, m), values };
}

/** Dot product of two sorted sparse vectors (both normalised: cosine similarity). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) sum += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return sum;
}

/**
 * Feature id → the exemplars that have it and their weights, as compressed rows (ids are
 * < 2^FEATURE_BITS): feature f's postings are [offsets[f], offsets[f + 1]). Similarity to every
 * exemplar is one pass over the query's features.
 */
export interface InvertedIndex {
  offsets: Uint32Array;
  exemplars: Uint32Array;
  weights: Float32Array;
  size: number;
}

export function invertedIndex(vectors: SparseVector[]): InvertedIndex {
  // Two passes over typed arrays (count, then fill): no per-feature objects to allocate and collect.
  const offsets = new Uint32Array((1 << FEATURE_BITS) + 1);
  for (const v of vectors) for (const id of v.ids) offsets[id + 1]!++;
  for (let f = 0; f < 1 << FEATURE_BITS; f++) offsets[f + 1]! += offsets[f]!;
  const exemplars = new Uint32Array(offsets[1 << FEATURE_BITS]!);
  const weights = new Float32Array(exemplars.length);
  const fill = offsets.slice(0, -1);
  vectors.forEach((v, e) => {
    for (let k = 0; k < v.ids.length; k++) {
      const at = fill[v.ids[k]!]!++;
      exemplars[at] = e;
      weights[at] = v.values[k]!;
    }
  });
  return { offsets, exemplars, weights, size: vectors.length };
}

/** Cosine similarity of `vector` to every exemplar (all vectors are normalised). */
export function similarities(index: InvertedIndex, vector: SparseVector): Float32Array {
  return similaritiesInRange(index, vector, 0, index.size, new Float32Array(index.size));
}

/**
 * Cosine similarity of `vector` to exemplars from..to-1 only, into out[e - from] (`out` is zeroed
 * first, so a caller can reuse one buffer). A feature's postings are in exemplar order, so the range's
 * postings are one run, found by binary search: the rest of the index is never visited. Each
 * similarity is summed in the same order as similarities() sums it, so the two agree to the bit.
 */
export function similaritiesInRange(index: InvertedIndex, vector: SparseVector, from: number, to: number, out: Float32Array): Float32Array {
  out.fill(0, 0, to - from);
  const { offsets, exemplars, weights } = index;
  for (let k = 0; k < vector.ids.length; k++) {
    const id = vector.ids[k]!;
    const w = vector.values[k]!;
    const end = offsets[id + 1]!;
    for (let i = firstAtLeast(exemplars, offsets[id]!, end, from); i < end; i++) {
      const e = exemplars[i]!;
      if (e >= to) break;
      out[e - from]! += w * weights[i]!;
    }
  }
  return out;
}

/**
 * Both halves of similarities() in one pass: into inside[e - from] the similarities to exemplars
 * from..to-1, and the best similarity to any other exemplar returned (0 if none is positive).
 * The range's postings are one run of each feature's (found by binary search), so each posting is
 * visited once. `outside` holds at least index.size values; both buffers are zeroed here, so a
 * caller can reuse them. Summed in similarities()' order, so the figures agree to the bit.
 */
export function splitSimilarities(index: InvertedIndex, vector: SparseVector, from: number, to: number, inside: Float32Array, outside: Float32Array): number {
  inside.fill(0, 0, to - from);
  outside.fill(0, 0, index.size);
  const { offsets, exemplars, weights } = index;
  for (let k = 0; k < vector.ids.length; k++) {
    const id = vector.ids[k]!;
    const w = vector.values[k]!;
    const start = offsets[id]!;
    const end = offsets[id + 1]!;
    const runFrom = firstAtLeast(exemplars, start, end, from);
    const runTo = firstAtLeast(exemplars, runFrom, end, to);
    for (let i = start; i < runFrom; i++) outside[exemplars[i]!]! += w * weights[i]!;
    for (let i = runFrom; i < runTo; i++) inside[exemplars[i]! - from]! += w * weights[i]!;
    for (let i = runTo; i < end; i++) outside[exemplars[i]!]! += w * weights[i]!;
  }
  let best = 0;
  for (let e = 0; e < index.size; e++) if (outside[e]! > best) best = outside[e]!;
  return best;
}

/** The first position in sorted[lo, hi) holding a value ≥ x (hi if none). */
function firstAtLeast(sorted: Uint32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The normalised weighted sum of sparse vectors (a query with its expansion terms, for one). */
export function mixVectors(parts: { vector: SparseVector; weight: number }[]): SparseVector {
  const merged = new Map<number, number>();
  for (const { vector, weight } of parts) {
    if (weight === 0) continue;
    for (let k = 0; k < vector.ids.length; k++) merged.set(vector.ids[k]!, (merged.get(vector.ids[k]!) ?? 0) + weight * vector.values[k]!);
  }
  const entries = [...merged].sort((a, b) => a[0] - b[0]);
  const total = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
  return { ids: Uint32Array.from(entries.map((e) => e[0])), values: Float32Array.from(entries.map((e) => e[1] / total)) };
}
