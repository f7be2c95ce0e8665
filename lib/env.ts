import { z } from "zod";

/**
 * Every environment variable Rehearse reads, validated once. The rest of the code imports
 * `env()`, never `process.env`. A bad value fails at start with a message naming it.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** A rate limit: requests allowed per window; 0 turns that limit off. */
const limit = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const flag = z
  .enum(["", "0", "1", "false", "true"], { error: "must be 1/true or 0/false" })
  .default("")
  .transform((v) => v === "1" || v === "true");

export const envSchema = z.object({
  /** Enables the LLM judge, follow-ups, grounded answers and (by default) OpenAI-compatible embeddings. */
  OPENAI_API_KEY: optionalString,
  /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama. Set alone (no key), it enables the LLM too. */
  // http(s) only: "localhost:11434" without a scheme would otherwise parse as a URL and fail later.
  OPENAI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://localhost:11434/v1" }).optional()),
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_EMBEDDING_MODEL: z.string().trim().min(1).default("text-embedding-3-small"),
  OPENAI_TRANSCRIBE_MODEL: z.string().trim().min(1).default("whisper-1"),
  OPENAI_TTS_MODEL: optionalString,
  /** `local` (default without a key), `openai` (default with a key). */
  REHEARSE_EMBEDDINGS: z.enum(["auto", "local", "openai"]).default("auto"),
  /** Per-call timeout for the LLM, in milliseconds. */
  REHEARSE_LLM_TIMEOUT_MS: positiveInt(30_000),
  /** Retries after a 429/5xx/timeout before the local judge answers. */
  REHEARSE_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /** Postgres connection string; without it sessions live in embedded PGlite under REHEARSE_DATA_DIR. */
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  /** Where the search index, the embedded database and the cookie secret live. */
  REHEARSE_DATA_DIR: z.string().trim().min(1).default(".data"),
  /** Signs the anonymous identity cookie; generated and kept in REHEARSE_DATA_DIR when unset. */
  SESSION_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /**
   * Shifts the server's idea of "now" for progress (due reviews, streaks) by whole days. Only the e2e
   * web server sets it, to test coming back days later; a request can never change the clock.
   */
  REHEARSE_CLOCK_OFFSET_DAYS: z.coerce.number().int().min(0).max(3650).default(0),

  // Rate limits (lib/limits/rate-limit.ts), per identity and per client address, in fixed windows.
  // The defaults are far above what one candidate does; 0 turns a limit off.
  REHEARSE_LIMIT_SESSIONS_PER_IDENTITY: limit(30),
  REHEARSE_LIMIT_SESSIONS_PER_ADDRESS: limit(200),
  REHEARSE_LIMIT_SESSIONS_WINDOW_SEC: positiveInt(3600),
  REHEARSE_LIMIT_CHAT_PER_IDENTITY: limit(120),
  REHEARSE_LIMIT_CHAT_PER_ADDRESS: limit(1200),
  REHEARSE_LIMIT_CHAT_WINDOW_SEC: positiveInt(600),
  REHEARSE_LIMIT_TRANSCRIBE_PER_IDENTITY: limit(60),
  REHEARSE_LIMIT_TRANSCRIBE_PER_ADDRESS: limit(600),
  REHEARSE_LIMIT_TRANSCRIBE_WINDOW_SEC: positiveInt(600),
  REHEARSE_LIMIT_LINKS_PER_IDENTITY: limit(20),
  REHEARSE_LIMIT_LINKS_PER_ADDRESS: limit(100),
  REHEARSE_LIMIT_LINKS_WINDOW_SEC: positiveInt(3600),
  /**
   * LLM calls (grading, follow-ups, answers to questions, rewording, transcription) one identity may
   * cause per UTC day; past it the local judge grades, with a note. 0 turns the budget off.
   */
  REHEARSE_LLM_DAILY_BUDGET: limit(400),
  /**
   * Set when a reverse proxy sits in front: the client address is then the last x-forwarded-for
   * entry (what the proxy saw). Unset, it is the socket's address, as scripts/serve.ts passes it on.
   */
  REHEARSE_TRUST_PROXY: flag,
  /** Set by scripts/bench-chat.ts: the chat route writes where each turn spent its time to stderr (lib/turn-timing.ts). */
  REHEARSE_TURN_TIMINGS: flag,
  /** The HTTP server (scripts/serve.ts) cuts a connection whose headers take longer than this... */
  REHEARSE_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  /** ...or whose whole request (headers and body) takes longer than this. */
  REHEARSE_REQUEST_TIMEOUT_MS: positiveInt(60_000),
});
export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(issues: z.core.$ZodIssue[]) {
    super("Invalid environment:\n" + issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n"));
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) throw new EnvError(result.error.issues);
  return result.data;
}

let cached: Env | null = null;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change the environment between cases. */
export function resetEnvForTests(): void {
  cached = null;
}

/**
 * An LLM is configured by a key, or by a base URL alone: local servers such as Ollama or LM Studio
 * need no key. A base URL pointing at OpenAI itself still needs the key.
 */
export function llmConfigured(e: Env = env()): boolean {
  if (e.OPENAI_API_KEY) return true;
  return e.OPENAI_BASE_URL !== undefined && !isOpenAIHost(e.OPENAI_BASE_URL);
}

/** True for OpenAI's own API, which must never be sent the placeholder key a keyless server gets. */
export function isOpenAIHost(baseUrl: string): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  return host === "openai.com" || host.endsWith(".openai.com");
}

export function embeddingKind(e: Env = env()): "local" | "openai" {
  if (e.REHEARSE_EMBEDDINGS === "auto") return llmConfigured(e) ? "openai" : "local";
  return e.REHEARSE_EMBEDDINGS;
}
