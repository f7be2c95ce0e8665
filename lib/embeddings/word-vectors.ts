import { normalise } from "./hashed-ngrams";
import type { LocalEmbedder } from "./types";
import { contentWords } from "./words";

/**
 * Sentence vectors from pre-trained word vectors (GloVe-style): the weighted mean of the
 * vectors of a text's content words. Rare words weigh more than frequent ones (smooth inverse
 * frequency, with frequency estimated from the vocabulary's rank order).
 */
export interface WordVectors {
  dimensions: number;
  /** Words in descending corpus frequency, each with its vector. */
  vectors: Map<string, Float32Array | number[]>;
  /** Rank of each word in the corpus (0 = most frequent). */
  rank: Map<string, number>;
}

export function createWordVectorEmbedder(id: string, words: WordVectors): LocalEmbedder {
  const { dimensions, vectors, rank } = words;
  function weight(word: string): number {
    // Zipf: p(w) ~ 1 / (rank + 10); SIF weight a / (a + p(w)).
    const p = 1 / ((rank.get(word) ?? 1e6) + 10);
    const a = 1e-3;
    return a / (a + p);
  }
  function embedOne(text: string): number[] {
    const sum = new Array<number>(dimensions).fill(0);
    for (const word of contentWords(text)) {
      const v = vectors.get(word);
      if (!v) continue;
      const w = weight(word);
      for (let i = 0; i < dimensions; i++) sum[i]! += w * v[i]!;
    }
    return normalise(sum);
  }
  return { id, dimensions, embedOne, embed: async (texts) => texts.map(embedOne) };
}
