/**
 * Models by role (lib/ai/providers.ts) through the real OpenAI provider, pointed by env at the fake
 * OpenAI-compatible server; and the fake's own endpoints, so other tests can rely on them.
 */
import { embed, embedMany, generateText, Output, streamText, transcribe } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { embeddingModel, graderModel, graderSummary, interviewerModel, overrideModelsForTests, transcriptionModel } from "@/lib/ai/providers";
import { resetEnvForTests } from "@/lib/env";
import { setEnv } from "@/tests/support/env";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/support/fake-openai";

let fake: FakeOpenAI;
const saved = { ...process.env };

/** Sets variables for the rest of the file; afterAll restores the whole environment. */
const useEnv = (vars: Record<string, string | undefined>) => void setEnv(vars);

beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDims: 32 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("models by role", () => {
  test("without OPENAI_API_KEY or OPENAI_BASE_URL no role has a model", () => {
    useEnv({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined });
    expect(graderSummary()).toEqual({ kind: "local" });
    expect(graderModel()).toBeNull();
    expect(interviewerModel()).toBeNull();
    expect(embeddingModel()).toBeNull();
    expect(transcriptionModel()).toBeNull();
  });

  test("language models use Chat Completions at OPENAI_BASE_URL, never /responses", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: "local-llama" });
    const grader = graderModel()!;
    expect(grader.modelId).toBe("local-llama");
    const before = fake.requests.length;
    const { text } = await generateText({ model: interviewerModel()!.model, prompt: "Ask me about Flask blueprints." });
    expect(text).toMatch(/^Fake reply/);
    const sent = fake.requests.slice(before);
    expect(sent.map((r) => r.path)).toEqual(["/v1/chat/completions"]);
    expect(sent[0]?.body).toMatchObject({ model: "local-llama" });
  });

  test("OPENAI_BASE_URL alone (a keyless server such as Ollama) enables every role, with a placeholder key", async () => {
    useEnv({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_MODEL: "llama3.1" });
    expect(graderModel()?.modelId).toBe("llama3.1");
    expect(embeddingModel()).not.toBeNull();
    expect(transcriptionModel()).not.toBeNull();
    // The interview screen names the model and the host only.
    expect(graderSummary()).toEqual({ kind: "llm", model: "llama3.1", host: new URL(fake.url).host });
    const before = fake.requests.length;
    await generateText({ model: interviewerModel()!.model, prompt: "Ask me about Flask blueprints." });
    expect(fake.requests.slice(before).map((r) => r.authorization)).toEqual(["Bearer rehearse-no-key"]);
  });

  test("a base URL with credentials is announced by host only", () => {
    useEnv({ OPENAI_API_KEY: "sk-secret-value", OPENAI_BASE_URL: "https://user:pass@llm.example.com:8443/v1" });
    expect(graderSummary()).toEqual({ kind: "llm", model: "gpt-4o-mini", host: "llm.example.com:8443" });
  });

  test("tests can swap a role's model in one place and restore it", () => {
    useEnv({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined });
    const restore = overrideModelsForTests({ grader: { model: "stand-in", modelId: "stand-in" } });
    expect(graderModel()?.modelId).toBe("stand-in");
    expect(interviewerModel()).toBeNull();
    restore();
    expect(graderModel()).toBeNull();
  });
});

describe("fake OpenAI server", () => {
  test("embeddings are deterministic, unit length, and closer for texts sharing words", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    const model = embeddingModel()!.model;
    const { embeddings } = await embedMany({
      model,
      values: ["flask session cookie secret key", "flask session cookie signed", "django orm queryset lazy"],
    });
    const again = await embed({ model, value: "flask session cookie secret key" });
    const [a, b, c] = embeddings as [number[], number[], number[]];
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    expect(a).toHaveLength(32);
    expect(again.embedding).toEqual(a);
    expect(dot(a, a)).toBeCloseTo(1, 6);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c));
  });

  test("transcriptions return the configured text, or the text of a TRANSCRIPT: upload", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    const model = transcriptionModel()!.model;
    fake.setTranscript("middleware runs before and after each request");
    const audio = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4]);
    expect((await transcribe({ model, audio })).text).toBe("middleware runs before and after each request");
    const scripted = new TextEncoder().encode("TRANSCRIPT: blueprints group routes");
    expect((await transcribe({ model, audio: scripted })).text).toBe("blueprints group routes");
  });

  test("structured output that is not a grading prompt gets a value shaped by its schema", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    const schema = z.object({ question: z.string(), difficulty: z.enum(["easy", "hard"]), tags: z.array(z.string()) });
    const { output } = await generateText({ model: graderModel()!.model, prompt: "Write a follow-up.", output: Output.object({ schema }) });
    expect(schema.parse(output)).toEqual({ question: "fake", difficulty: "easy", tags: ["fake"] });
  });

  test("a grounded-answer prompt gets a reply citing its first passage", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    const prompt =
      "Passages:\n[1] (Sessions in Flask)\nFlask signs the session cookie. It needs SECRET_KEY.\n\nCandidate's question:\nhow are sessions stored?";
    const { text } = await generateText({ model: interviewerModel()!.model, prompt });
    expect(text).toBe("Fake reply from the bank: Flask signs the session cookie. [1]");
  });

  test("streams text as server-sent events in several chunks", async () => {
    useEnv({ OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1` });
    const result = streamText({ model: interviewerModel()!.model, prompt: "Tell me about Django signals in a few words please." });
    const parts: string[] = [];
    for await (const delta of result.textStream) parts.push(delta);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toMatch(/^Fake reply/);
  });
});
