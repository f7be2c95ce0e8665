import { createOpenAI } from "@ai-sdk/openai";
import { embedMany } from "ai";
import { env } from "@/lib/env";
import type { Embedder } from "./types";

/** Known sizes, so the common models need no probe call. Other models (e.g. Ollama's) are probed once. */
const KNOWN_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/** OpenAI-compatible embeddings through the AI SDK (OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_EMBEDDING_MODEL). */
export async function createOpenAIEmbedder(): Promise<Embedder> {
  const { OPENAI_API_KEY, OPENAI_BASE_URL, OPENAI_EMBEDDING_MODEL, REHEARSE_LLM_MAX_RETRIES } = env();
  const model = createOpenAI({ apiKey: OPENAI_API_KEY, baseURL: OPENAI_BASE_URL }).embedding(OPENAI_EMBEDDING_MODEL);
  const embed = async (texts: string[]): Promise<number[][]> => {
    if (texts.length === 0) return [];
    const { embeddings } = await embedMany({ model, values: texts, maxRetries: REHEARSE_LLM_MAX_RETRIES });
    return embeddings;
  };
  const dimensions = KNOWN_DIMENSIONS[OPENAI_EMBEDDING_MODEL] ?? (await embed(["dimension probe"]))[0]!.length;
  // The base URL is part of the id: the same model name on another server is another embedder.
  const server = OPENAI_BASE_URL ?? "https://api.openai.com/v1";
  return { id: `openai:${OPENAI_EMBEDDING_MODEL}@${server}`, dimensions, embed };
}
