import { embeddingKind, env } from "@/lib/env";
import { createHashedNgramEmbedder } from "./hashed-ngrams";
import { createOpenAIEmbedder } from "./openai";
import type { Embedder, LocalEmbedder } from "./types";
import { describeForLog } from "@/lib/ai/failure";

export type { Embedder, LocalEmbedder } from "./types";

/**
 * The local embedder: no network, no key, no model file. Chosen by measurement against
 * GloVe-style word vectors (docs/retrieval.md). Synchronous through `embedOne`.
 */
export const localEmbedder: LocalEmbedder = createHashedNgramEmbedder();

/** Embed one text with the local embedder (unit length, so a dot product is the cosine). */
export function embedLocal(text: string): number[] {
  return localEmbedder.embedOne(text);
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The embedder the index and queries use: OpenAI-compatible with a key (see embeddingKind), else
 * local. When the choice was automatic (a key, REHEARSE_EMBEDDINGS=auto) and the server has no
 * working embeddings endpoint (many chat-only servers), search runs on the local embedder with a
 * warning instead of failing; REHEARSE_EMBEDDINGS=openai makes that an error.
 */
export async function getEmbedder(): Promise<Embedder> {
  if (embeddingKind() === "local") return localEmbedder;
  try {
    return await createOpenAIEmbedder();
  } catch (error) {
    if (env().REHEARSE_EMBEDDINGS === "openai") throw error;
    const reason = describeForLog(error);
    console.warn(`[rehearse] OpenAI-compatible embeddings unavailable (${reason}); searching with the local embedder.`);
    return localEmbedder;
  }
}
