/**
 * Hashed TF-IDF text features, shared by the local judge's matcher (lib/grading/local/matcher.ts) and
 * the query router (lib/search/query-router.ts): hashed word stems (negation-marked: "send" under
 * "doesn't" is another feature than "send"), word bigrams (which words go together: "select_related
 * join" vs "prefetch_related join") and character 3–5-grams inside words (spelling, morphology and
 * spoken forms of identifiers). Each group is TF-IDF weighted and L2-normalised, then the groups are
 * weighted and the whole vector normalised again, so cosine similarity is a dot product.
 */
import { tokenize } from "@/lib/text/analyser";

export const FEATURE_BITS = 20;
const MASK = (1 << FEATURE_BITS) - 1;
const GROUP_WEIGHTS = { word: 0.55, bigram: 0.25, char: 0.2 } as const;
type Group = keyof typeof GROUP_WEIGHTS;

/** A sparse vector: feature ids ascending, values aligned. */
export interface SparseVector {
  ids: Uint32Array;
  values: Float32Array;
}

/** FNV-1a, 32-bit: stable across runs and machines, so a saved IDF table stays valid. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

/** Raw features of a text by group: feature id → count. */
export function rawFeatures(text: string): Record<Group, Map<number, number>> {
  const groups: Record<Group, Map<number, number>> = { word: new Map(), bigram: new Map(), char: new Map() };
  const add = (g: Group, key: string) => {
    const id = hash(`${g[0]}:${key}`);
    groups[g].set(id, (groups[g].get(id) ?? 0) + 1);
  };
  const content = tokenize(text).filter((t) => !t.filler && !t.stop);
  let previous: string | null = null;
  for (const t of content) {
    const marked = t.negated ? `!${t.stem}` : t.stem;
    add("word", marked);
    if (previous) add("bigram", `${previous} ${marked}`);
    previous = marked;
    const padded = `<${t.word}>`;
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) add("char", padded.slice(i, i + n));
  }
  return groups;
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

/** The weighted, normalised vector of a text. Features unseen in training get the highest IDF. */
export function vectorize(text: string, idf: Map<number, number>, unseenIdf: number): SparseVector {
  return vectorizeFeatures(rawFeatures(text), idf, unseenIdf);
}

/** vectorize from a text's raw features already computed. */
export function vectorizeFeatures(groups: RawFeatures, idf: Map<number, number>, unseenIdf: number): SparseVector {
  const merged = new Map<number, number>();
  for (const [g, features] of Object.entries(groups) as Array<[Group, Map<number, number>]>) {
    let norm = 0;
    const weighted: Array<[number, number]> = [];
    for (const [id, tf] of features) {
      const w = (1 + Math.log(tf)) * (idf.get(id) ?? unseenIdf);
      weighted.push([id, w]);
      norm += w * w;
    }
    if (norm === 0) continue;
    const scale = GROUP_WEIGHTS[g] / Math.sqrt(norm);
    for (const [id, w] of weighted) merged.set(id, (merged.get(id) ?? 0) + w * scale);
  }
  const entries = [...merged].sort((a, b) => a[0] - b[0]);
  const total = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
  return { ids: Uint32Array.from(entries.map((e) => e[0])), values: Float32Array.from(entries.map((e) => e[1] / total)) };
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

/** Feature id → the exemplars that have it and their weights: similarity to every exemplar in one pass. */
export interface InvertedIndex {
  postings: Map<number, { exemplars: Uint32Array; weights: Float32Array }>;
  size: number;
}

export function invertedIndex(vectors: SparseVector[]): InvertedIndex {
  const lists = new Map<number, { exemplars: number[]; weights: number[] }>();
  vectors.forEach((v, e) => {
    for (let k = 0; k < v.ids.length; k++) {
      let list = lists.get(v.ids[k]!);
      if (!list) lists.set(v.ids[k]!, (list = { exemplars: [], weights: [] }));
      list.exemplars.push(e);
      list.weights.push(v.values[k]!);
    }
  });
  const postings: InvertedIndex["postings"] = new Map();
  for (const [id, l] of lists) postings.set(id, { exemplars: Uint32Array.from(l.exemplars), weights: Float32Array.from(l.weights) });
  return { postings, size: vectors.length };
}

/** Cosine similarity of `vector` to every exemplar (all vectors are normalised). */
export function similarities(index: InvertedIndex, vector: SparseVector): Float32Array {
  const out = new Float32Array(index.size);
  for (let k = 0; k < vector.ids.length; k++) {
    const list = index.postings.get(vector.ids[k]!);
    if (!list) continue;
    const w = vector.values[k]!;
    const ex = list.exemplars;
    const ws = list.weights;
    for (let i = 0; i < ex.length; i++) out[ex[i]!]! += w * ws[i]!;
  }
  return out;
}
