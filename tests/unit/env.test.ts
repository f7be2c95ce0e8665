import { describe, expect, it } from "vitest";
import { embeddingKind, EnvError, llmConfigured, parseEnv } from "@/lib/env";

describe("environment", () => {
  it("has working defaults with nothing set: local judge, local embeddings, PGlite", () => {
    const e = parseEnv({});
    expect(llmConfigured(e)).toBe(false);
    expect(embeddingKind(e)).toBe("local");
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.REHEARSE_DATA_DIR).toBe(".data");
  });

  it("treats an empty variable as unset", () => {
    const e = parseEnv({ OPENAI_API_KEY: "", OPENAI_BASE_URL: "  ", DATABASE_URL: "" });
    expect(llmConfigured(e)).toBe(false);
    expect(e.OPENAI_BASE_URL).toBeUndefined();
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("a key turns on the LLM and OpenAI-compatible embeddings unless embeddings are forced local", () => {
    expect(embeddingKind(parseEnv({ OPENAI_API_KEY: "k" }))).toBe("openai");
    expect(embeddingKind(parseEnv({ OPENAI_API_KEY: "k", REHEARSE_EMBEDDINGS: "local" }))).toBe("local");
  });

  it("a base URL alone (a keyless server such as Ollama) turns on the LLM and its embeddings, except at OpenAI itself", () => {
    const ollama = parseEnv({ OPENAI_BASE_URL: "http://localhost:11434/v1" });
    expect(llmConfigured(ollama)).toBe(true);
    expect(embeddingKind(ollama)).toBe("openai");
    // OpenAI needs a real key: without one, the base URL alone must not send it a placeholder.
    expect(llmConfigured(parseEnv({ OPENAI_BASE_URL: "https://api.openai.com/v1" }))).toBe(false);
    expect(llmConfigured(parseEnv({ OPENAI_BASE_URL: "https://api.openai.com/v1", OPENAI_API_KEY: "k" }))).toBe(true);
  });

  it("a bad value fails with a message naming each variable at fault", () => {
    let error: unknown;
    try {
      parseEnv({ OPENAI_BASE_URL: "localhost:11434", REHEARSE_LLM_TIMEOUT_MS: "soon", SESSION_SECRET: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ["OPENAI_BASE_URL", "REHEARSE_LLM_TIMEOUT_MS", "SESSION_SECRET"]) expect(message).toContain(name);
  });
});
