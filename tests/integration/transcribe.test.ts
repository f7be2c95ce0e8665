/**
 * POST /api/transcribe end to end: the route handler, the real `@ai-sdk/openai` transcription
 * provider, and the fake OpenAI-compatible server on 127.0.0.1, with speech made by espeak-ng.
 */
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { GET, POST } from "@/app/api/transcribe/route";
import { POST as POST_DELIVERY } from "@/app/api/transcribe/delivery/route";
import { resetEnvForTests } from "@/lib/env";
import { deliveryMetricsSchema } from "@/lib/voice/delivery-schema";
import { MAX_AUDIO_BYTES, wavDurationSec } from "@/lib/voice/transcribe";
import { espeakAvailable, silentWav, spokenWav } from "@/tests/fixtures/audio/make";
import { startFakeOpenAI, type FakeOpenAI } from "@/tests/support/fake-openai";

const HAS_ESPEAK = espeakAvailable();
if (!HAS_ESPEAK) console.warn("SKIPPED: espeak-ng is not installed (apt-get install espeak-ng); the transcription tests need real speech.");

const SPOKEN = "so select related does a sql join for foreign keys um and prefetch related runs a second query for many to many";
const QUESTION_ID = "django/orm-querysets-common-operations";

let fake: FakeOpenAI;
const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };

/** With a key, the fake server; without one, no LLM at all (a base URL alone would configure one). */
function configure(key: string | undefined) {
  if (key === undefined) {
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
  } else {
    process.env.OPENAI_API_KEY = key;
    process.env.OPENAI_BASE_URL = `${fake.url}/v1`;
  }
  resetEnvForTests();
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  configure("test");
});
afterEach(() => {
  fake.failTranscriptions(null);
  configure("test");
});
afterAll(async () => {
  await fake.close();
  for (const [name, value] of [
    ["OPENAI_API_KEY", saved.key],
    ["OPENAI_BASE_URL", saved.url],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvForTests();
});

function upload(audio: Blob, fields: Record<string, string> = {}): Request {
  const form = new FormData();
  form.append("audio", audio, "answer");
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return new Request("http://localhost/api/transcribe", { method: "POST", body: form });
}

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string; field?: string } };
  return { status: response.status, ...body.error };
}

// On CI espeak-ng is installed by .ci/run: a missing one there is a failure, not a skip.
describe.skipIf(!HAS_ESPEAK && !process.env.CI)("POST /api/transcribe", () => {
  test("transcribes a real recording with the vocabulary hint and measures delivery", async () => {
    const wav = readFileSync(spokenWav("orm-answer", SPOKEN));
    const seconds = wavDurationSec(wav);
    expect(seconds).toBeGreaterThan(3);
    fake.setTranscript(SPOKEN);
    const before = fake.requests.length;

    const response = await POST(upload(new Blob([wav], { type: "audio/wav" }), { questionId: QUESTION_ID }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { text: string; words: unknown[]; durationSec: number; metrics: unknown };

    const sent = fake.requests.slice(before).find((r) => r.path === "/v1/audio/transcriptions")?.body as { fields: Record<string, string>; fileSize: number };
    expect(sent.fileSize).toBe(wav.length);
    expect(sent.fields.model).toBe("whisper-1");
    expect(sent.fields.prompt).toContain("select_related");
    expect(sent.fields.prompt).toContain("prefetch_related");

    expect(body.text).toBe(SPOKEN);
    expect(body.words).toHaveLength(SPOKEN.split(" ").length);
    expect(body.durationSec).toBeCloseTo(seconds ?? 0, 1);
    const metrics = deliveryMetricsSchema.parse(body.metrics);
    expect(metrics.wordCount).toBe(SPOKEN.split(" ").length);
    expect(metrics.fillers.items).toEqual(
      expect.arrayContaining([
        { term: "um", count: 1 },
        { term: "so", count: 1 },
      ]),
    );
    expect(metrics.technicalTerms).toEqual(expect.arrayContaining(["select_related", "prefetch_related"]));
    expect(metrics.firstKeyPoint).not.toBeNull();
    expect(metrics.longPauses.source).toBe("words");
  });

  test("accepts the recorder's own type with codecs and its duration", async () => {
    const response = await POST(upload(new Blob([readFileSync(spokenWav("orm-answer", SPOKEN))], { type: "audio/webm;codecs=opus" }), { durationMs: "12500" }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { durationSec: number }).durationSec).toBe(12.5);
  });

  test("refuses a recording over 10 MB with 413", async () => {
    const big = new Blob([new Uint8Array(MAX_AUDIO_BYTES + 1)], { type: "audio/webm" });
    expect(await errorOf(await POST(upload(big)))).toMatchObject({ status: 413, code: "payload_too_large:audio", field: "audio" });
  });

  test("refuses a recording over 5 minutes, from the header or the declared duration, with 413", async () => {
    const long = new Blob([new Uint8Array(silentWav(301))], { type: "audio/wav" });
    expect(await errorOf(await POST(upload(long)))).toMatchObject({ status: 413, message: expect.stringMatching(/5 minutes/) });
    const declared = new Blob([readFileSync(spokenWav("orm-answer", SPOKEN))], { type: "audio/webm" });
    expect(await errorOf(await POST(upload(declared, { durationMs: String(6 * 60_000) })))).toMatchObject({ status: 413, field: "durationMs" });
  });

  test("refuses a type that is not audio with 415", async () => {
    const text = new Blob(["hello"], { type: "text/plain" });
    expect(await errorOf(await POST(upload(text)))).toMatchObject({ status: 415, code: "unsupported_media_type:audio", field: "audio" });
  });

  test("answers 400 for a missing file or bad fields", async () => {
    const noFile = new Request("http://localhost/api/transcribe", { method: "POST", body: new FormData() });
    expect(await errorOf(await POST(noFile))).toMatchObject({ status: 400, field: "audio" });
    const wav = new Blob([readFileSync(spokenWav("orm-answer", SPOKEN))], { type: "audio/wav" });
    expect(await errorOf(await POST(upload(wav, { silences: "not json" })))).toMatchObject({ status: 400, field: "silences" });
  });

  test("a provider failure is a 502 with a message that says the recording is kept", async () => {
    fake.failTranscriptions(500);
    const wav = new Blob([readFileSync(spokenWav("orm-answer", SPOKEN))], { type: "audio/wav" });
    const error = await errorOf(await POST(upload(wav)));
    expect(error).toMatchObject({ status: 502, code: "bad_gateway:audio" });
    expect(error.message).toMatch(/recording is kept/);
  });

  test("without an LLM configured: GET says unavailable and POST is a clear 503", async () => {
    expect(await (await GET()).json()).toEqual({ available: true });
    configure(undefined);
    expect(await (await GET()).json()).toEqual({ available: false });
    const wav = new Blob([readFileSync(spokenWav("orm-answer", SPOKEN))], { type: "audio/wav" });
    const error = await errorOf(await POST(upload(wav)));
    expect(error).toMatchObject({ status: 503, code: "unavailable:audio" });
    expect(error.message).toMatch(/OPENAI_API_KEY/);
  });
});

// No speech needed: the fake fails whatever it is sent.
describe("POST /api/transcribe when the provider rejects the key", () => {
  test("a provider error quoting the API key is a 502 that does not repeat it, and the log line is redacted", async () => {
    configure("sk-proj-TRANSCRIBEKEY0123456789");
    fake.failTranscriptions(401, { quoteKey: true });
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    try {
      const wav = new Blob([new Uint8Array(silentWav(2))], { type: "audio/wav" });
      const response = await POST(upload(wav));
      const text = await response.text();
      expect(response.status).toBe(502);
      expect(text).not.toContain("TRANSCRIBEKEY");
      expect(logged.join("\n")).toContain("Incorrect API key provided");
      expect(logged.join("\n")).not.toContain("TRANSCRIBEKEY");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("POST /api/transcribe/delivery", () => {
  test("measures a transcript the browser recognised, with recorder silences", async () => {
    const request = new Request("http://localhost/api/transcribe/delivery", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transcript: SPOKEN, durationMs: 9000, questionId: QUESTION_ID, silences: [{ startSec: 3, endSec: 5.5 }] }),
    });
    const response = await POST_DELIVERY(request);
    expect(response.status).toBe(200);
    const { metrics } = (await response.json()) as { metrics: unknown };
    const parsed = deliveryMetricsSchema.parse(metrics);
    expect(parsed.longPauses).toMatchObject({ count: 1, source: "silence" });
    expect(parsed.firstKeyPoint?.approximate).toBe(true);
  });

  test("answers 400 for a body that is not a transcript", async () => {
    const request = new Request("http://localhost/api/transcribe/delivery", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ transcript: 3 }),
    });
    expect(await errorOf(await POST_DELIVERY(request))).toMatchObject({ status: 400, code: "bad_request:audio" });
  });
});
