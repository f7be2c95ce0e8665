import { setEnv } from "./env";
import { startFakeOpenAI, type FakeOpenAI } from "./fake-openai";

/**
 * The fake OpenAI-compatible server started and the app configured to use it, the way a suite
 * with an LLM needs it: no SDK retries (each failure is the test's), retrieval embeddings local
 * (not under test). `close` restores the environment and stops the server.
 */
export async function configureFakeLlm(extra: Record<string, string | undefined> = {}): Promise<{ fake: FakeOpenAI; close: () => Promise<void> }> {
  const fake = await startFakeOpenAI();
  const restore = setEnv({
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    REHEARSE_LLM_MAX_RETRIES: "0",
    REHEARSE_EMBEDDINGS: "local",
    ...extra,
  });
  return {
    fake,
    close: async () => {
      restore();
      await fake.close();
    },
  };
}
