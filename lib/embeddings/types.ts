/**
 * One interface for every way of turning text into vectors: the local embedder (no network,
 * no key) and OpenAI-compatible embeddings. The search index records `id` and `dimensions`
 * so vectors from two embedders are never mixed.
 */
export interface Embedder {
  /** Stable name of the embedder and its settings; changes whenever its vectors would change. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<number[][]>;
}

/** An embedder that runs in-process and can embed one text synchronously (the local grader uses it). */
export interface LocalEmbedder extends Embedder {
  embedOne(text: string): number[];
}
