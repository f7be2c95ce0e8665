/**
 * Search with OpenAI-compatible embeddings against the fake server: its vectors are 64-d while the
 * configured model name (text-embedding-3-small) is 1536-d at OpenAI. The embedder must learn the
 * size from the server, the index must record it, and another model must rebuild the index.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEmbedder, localEmbedder } from "@/lib/embeddings";
import { resetEnvForTests } from "@/lib/env";
import { defaultIndexFile, loadBankIndex, openBankIndex } from "@/lib/search/bank-index";
import { searchIndex } from "@/lib/search/search";
import { setEnv } from "@/tests/support/env";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/support/fake-openai";

let fake: FakeOpenAI;
let dataDir: string;
const saved = { ...process.env };

/** Sets variables for the rest of the file; afterAll restores the whole environment. */
const useEnv = (vars: Record<string, string | undefined>) => void setEnv(vars);

beforeAll(async () => {
  fake = await startFakeOpenAI(); // 64-d embeddings
  dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-openai-index-"));
  useEnv({
    OPENAI_API_KEY: "test",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    REHEARSE_DATA_DIR: dataDir,
    REHEARSE_EMBEDDINGS: "auto",
    OPENAI_EMBEDDING_MODEL: undefined,
  });
});
afterAll(async () => {
  process.env = { ...saved };
  resetEnvForTests();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("search with OpenAI-compatible embeddings", () => {
  it("learns the vector size from the server, builds the index with it and searches it", async () => {
    const embedder = await getEmbedder();
    expect(embedder.id).toContain("openai:text-embedding-3-small@");
    expect(embedder.dimensions).toBe(64);

    const logs: string[] = [];
    const index = await openBankIndex(embedder, defaultIndexFile(), (m) => logs.push(m));
    expect(index.embedder).toEqual({ id: embedder.id, dimensions: 64 });
    expect(fake.requests.some((r) => r.path === "/v1/embeddings")).toBe(true);

    for (const mode of ["vector", "hybrid"] as const) {
      const hits = await searchIndex(index, embedder, "post_save receiver", { mode, limit: 16 });
      expect(hits).toHaveLength(16);
    }
    // Full text does not depend on the fake's vectors: the signals question is found by its words.
    const [top] = await searchIndex(index, embedder, "post_save receiver", { mode: "fulltext" });
    expect(top?.id).toBe("django/signals");

    // The embeddings server failing mid-run: the query still gets full-text results.
    const failing = { ...embedder, embed: () => Promise.reject(new Error("embeddings server down")) };
    const [rescued] = await searchIndex(index, failing, "post_save receiver", { mode: "hybrid" });
    expect(rescued?.id).toBe("django/signals");

    // Saved with its size: the next process loads it instead of rebuilding.
    expect(loadBankIndex(embedder).embedder.dimensions).toBe(64);
  });

  it("rebuilds the saved index when OPENAI_EMBEDDING_MODEL changes", async () => {
    const first = await getEmbedder();
    await openBankIndex(first, defaultIndexFile(), () => {});

    useEnv({ OPENAI_EMBEDDING_MODEL: "nomic-embed-text" });
    const other = await getEmbedder();
    expect(other.id).toContain("openai:nomic-embed-text@");
    const logs: string[] = [];
    const index = await openBankIndex(other, defaultIndexFile(), (m) => logs.push(m));
    expect(logs.join("\n")).toMatch(/rebuilding the search index.*text-embedding-3-small.*nomic-embed-text/);
    expect(index.embedder.id).toBe(other.id);
    useEnv({ OPENAI_EMBEDDING_MODEL: undefined });
  });

  it("a server without working embeddings falls back to the local embedder when chosen automatically, and fails when forced", async () => {
    // Nothing listens on port 9 of loopback: every embeddings call is refused at once.
    useEnv({ OPENAI_BASE_URL: "http://127.0.0.1:9/v1", REHEARSE_LLM_MAX_RETRIES: "0" });
    const automatic = await getEmbedder();
    expect(automatic.id).toBe(localEmbedder.id);

    useEnv({ REHEARSE_EMBEDDINGS: "openai" });
    await expect(getEmbedder()).rejects.toThrow();
    useEnv({ OPENAI_BASE_URL: `${fake.url}/v1`, REHEARSE_EMBEDDINGS: "auto", REHEARSE_LLM_MAX_RETRIES: undefined });
  });
});
