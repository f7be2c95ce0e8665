import "server-only";
import "./sdk-env";
import { createOpenAI, type OpenAIProvider } from "@ai-sdk/openai";
import type { EmbeddingModel, LanguageModel, TranscriptionModel } from "ai";
import { env, llmConfigured, type Env } from "@/lib/env";

/**
 * Models are reached by role, never by vendor id in routes. Every role goes through one
 * OpenAI-compatible provider built from env(), so OpenAI, Ollama, vLLM or LM Studio all work.
 */
export type ModelRole = "grader" | "interviewer" | "embedding" | "transcription";

export interface RoleModel<M> {
  model: M;
  modelId: string;
}

type Overrides = {
  grader?: RoleModel<LanguageModel> | null;
  interviewer?: RoleModel<LanguageModel> | null;
  embedding?: RoleModel<EmbeddingModel> | null;
  transcription?: RoleModel<TranscriptionModel> | null;
};

const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

let overrides: Overrides = {};
let cachedProvider: { key: string; provider: OpenAIProvider } | null = null;

/**
 * What local OpenAI-compatible servers (Ollama, LM Studio) get as a key when only OPENAI_BASE_URL is
 * set: the SDK insists on one. llmConfigured() never lets this go to OpenAI's own host.
 */
const KEYLESS_PLACEHOLDER = "rehearse-no-key";

/** The provider for the current environment, or null when no LLM is configured (the app then runs locally). */
function provider(e: Env = env()): OpenAIProvider | null {
  if (!llmConfigured(e)) return null;
  const apiKey = e.OPENAI_API_KEY ?? KEYLESS_PLACEHOLDER;
  const key = `${apiKey}\n${e.OPENAI_BASE_URL ?? ""}`;
  if (cachedProvider?.key !== key) {
    // Always pass baseURL: left undefined, the SDK reads process.env.OPENAI_BASE_URL itself and
    // rejects an empty string that env() has already (correctly) treated as unset.
    const baseURL = e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL;
    cachedProvider = { key, provider: createOpenAI({ apiKey, baseURL }) };
  }
  return cachedProvider.provider;
}

/** Where the LLM lives, by host only (never the key, a path or credentials in the URL): for screens and logs. */
export function llmHost(e: Env = env()): string {
  return new URL(e.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).host;
}

/** Who will grade the next answer, as the interview screen announces it before the first answer. */
export type GraderSummary = { kind: "local" } | { kind: "llm"; model: string; host: string };

export function graderSummary(): GraderSummary {
  const grader = graderModel();
  return grader ? { kind: "llm", model: grader.modelId, host: llmHost() } : { kind: "local" };
}

/**
 * Language models always go through `.chat()` (Chat Completions): OpenAI-compatible servers such as
 * Ollama, vLLM and LM Studio do not implement the /responses endpoint that the default model uses.
 */
function chatModel(role: "grader" | "interviewer"): RoleModel<LanguageModel> | null {
  if (overrides[role] !== undefined) return overrides[role];
  const e = env();
  const p = provider(e);
  return p ? { model: p.chat(e.OPENAI_MODEL), modelId: e.OPENAI_MODEL } : null;
}

/** The model that grades answers; null when no LLM is configured (the local judge grades instead). */
export function graderModel(): RoleModel<LanguageModel> | null {
  return chatModel("grader");
}

/** The model that asks follow-ups and writes grounded answers; null when no LLM is configured. */
export function interviewerModel(): RoleModel<LanguageModel> | null {
  return chatModel("interviewer");
}

/** OpenAI-compatible embeddings; null when no LLM is configured. Whether to use them is embeddingKind()'s call. */
export function embeddingModel(): RoleModel<EmbeddingModel> | null {
  if (overrides.embedding !== undefined) return overrides.embedding;
  const e = env();
  const p = provider(e);
  return p ? { model: p.embedding(e.OPENAI_EMBEDDING_MODEL), modelId: e.OPENAI_EMBEDDING_MODEL } : null;
}

/** Speech to text for spoken answers; null when no LLM is configured. */
export function transcriptionModel(): RoleModel<TranscriptionModel> | null {
  if (overrides.transcription !== undefined) return overrides.transcription;
  const e = env();
  const p = provider(e);
  return p ? { model: p.transcription(e.OPENAI_TRANSCRIBE_MODEL), modelId: e.OPENAI_TRANSCRIBE_MODEL } : null;
}

/**
 * The one place tests swap models: pass a role → model (or null for "not configured").
 * Returns a function that restores the previous state.
 */
export function overrideModelsForTests(next: Overrides): () => void {
  const previous = overrides;
  overrides = { ...overrides, ...next };
  return () => {
    overrides = previous;
  };
}
