import type { LocalEmbedder } from "./types";
import { searchContentWords } from "@/lib/text/words";

/**
 * A weightless embedder: character n-grams of each content word, hashed into a fixed number
 * of dimensions (the "hashing trick"), term-frequency weighted and L2-normalised. It needs no
 * model file and no network, is deterministic, and matches inflections and identifiers
 * ("cache" ~ "caching", "select_related" ~ "related") by their shared n-grams.
 */
export interface HashedNgramOptions {
  dimensions: number;
  minN: number;
  maxN: number;
}

export const DEFAULT_HASHED_NGRAMS: HashedNgramOptions = { dimensions: 512, minN: 3, maxN: 5 };

/** FNV-1a, 32 bits: fast, well spread, and stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function createHashedNgramEmbedder(options: HashedNgramOptions = DEFAULT_HASHED_NGRAMS): LocalEmbedder {
  const { dimensions, minN, maxN } = options;

  function embedOne(text: string): number[] {
    const counts = new Map<string, number>();
    for (const word of searchContentWords(text)) {
      const padded = `<${word}>`;
      for (let n = minN; n <= maxN; n++) {
        for (let i = 0; i + n <= padded.length; i++) {
          const gram = padded.slice(i, i + n);
          counts.set(gram, (counts.get(gram) ?? 0) + 1);
        }
      }
    }
    const vector = new Array<number>(dimensions).fill(0);
    for (const [gram, count] of counts) {
      const h = fnv1a(gram);
      // The top bit picks a sign so that colliding n-grams tend to cancel rather than add up.
      const sign = h & 0x80000000 ? -1 : 1;
      // Sublinear TF: a word repeated ten times should not drown the rest.
      const slot = h % dimensions;
      vector[slot] = (vector[slot] ?? 0) + sign * (1 + Math.log(count));
    }
    return normalise(vector);
  }

  return {
    id: `hashed-ngrams-${minN}-${maxN}x${dimensions}@1`,
    dimensions,
    embedOne,
    embed: async (texts) => texts.map(embedOne),
  };
}

export function normalise(vector: number[]): number[] {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((v) => v / norm);
}
