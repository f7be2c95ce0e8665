import { embedMany } from "ai";
import { embeddingModel } from "@/lib/ai/providers";
import { env } from "@/lib/env";
import type { Embedder } from "./types";

/**
 * OpenAI-compatible embeddings through the AI SDK (OPENAI_API_KEY, OPENAI_BASE_URL,
 * OPENAI_EMBEDDING_MODEL). The vector size is learnt from the server with one probe call, never
 * assumed from the model name: an OpenAI-compatible server (Ollama, a proxy, the test fake) can
 * answer "text-embedding-3-small" with vectors of another size, and the index's vector schema
 * must match what the server really returns. The index records it, so a change rebuilds.
 */
export async function createOpenAIEmbedder(): Promise<Embedder> {
  const { OPENAI_BASE_URL, OPENAI_EMBEDDING_MODEL, REHEARSE_LLM_MAX_RETRIES } = env();
  const role = embeddingModel();
  if (!role) throw new Error("OpenAI-compatible embeddings need OPENAI_API_KEY (or set REHEARSE_EMBEDDINGS=local)");
  const { model } = role;
  // The model and the base URL are part of the id: another model, or the same name on another
  // server, is another embedder whose vectors must not be mixed with these.
  const server = OPENAI_BASE_URL ?? "https://api.openai.com/v1";
  const id = `openai:${OPENAI_EMBEDDING_MODEL}@${server}`;

  const request = async (texts: string[]): Promise<number[][]> => {
    if (texts.length === 0) return [];
    const { embeddings } = await embedMany({ model, values: texts, maxRetries: REHEARSE_LLM_MAX_RETRIES });
    return embeddings;
  };

  const [probe] = await request(["dimension probe"]);
  if (!probe || probe.length === 0) throw new Error(`${id}: the embeddings endpoint returned no vector for a probe text`);
  const dimensions = probe.length;

  const embed = async (texts: string[]): Promise<number[][]> => {
    const vectors = await request(texts);
    const wrong = vectors.find((v) => v.length !== dimensions);
    if (wrong) throw new Error(`${id}: returned a ${wrong.length}-dimensional vector, expected ${dimensions} (the server changed model?)`);
    return vectors;
  };
  return { id, dimensions, embed };
}
