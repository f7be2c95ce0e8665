import { expect, test, type APIResponse } from "@playwright/test";
import { MAX_ANSWER_CHARS } from "@/lib/interview/protocol";

/** Every error answers `{ error: { code, message, field? } }`, so clients can show `message`. */
async function expectErrorShape(response: APIResponse, status: number) {
  expect(response.status()).toBe(status);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe("string");
  expect(typeof body.error?.message).toBe("string");
  expect(String(body.error?.message).length).toBeGreaterThan(0);
}

async function newSessionId(request: import("@playwright/test").APIRequestContext): Promise<string> {
  const response = await request.post("/api/sessions", { data: { track: "flask", mode: "practice" } });
  expect(response.status()).toBe(201);
  const { session } = (await response.json()) as { session: { id: string } };
  return session.id;
}

const userMessage = (text: string) => ({ id: "m1", role: "user", parts: [{ type: "text", text }], metadata: { intent: "answer" } });

test("broken JSON is a 400 with the error shape", async ({ request }) => {
  const response = await request.post("/api/chat", { headers: { "content-type": "application/json" }, data: '{"sessionId": ' });
  await expectErrorShape(response, 400);
});

test("an empty body is a 400 with the error shape", async ({ request }) => {
  const response = await request.post("/api/chat", { headers: { "content-type": "application/json" }, data: "" });
  await expectErrorShape(response, 400);
});

test("an oversized body is a 413 with the error shape", async ({ request }) => {
  const sessionId = await newSessionId(request);
  const response = await request.post("/api/chat", { data: { sessionId, message: userMessage("x".repeat(MAX_ANSWER_CHARS * 20)) } });
  await expectErrorShape(response, 413);
});

test("an unknown session is a 404 with the error shape", async ({ request }) => {
  const unknown = "00000000-0000-4000-8000-000000000000";
  await expectErrorShape(await request.get(`/api/sessions/${unknown}`), 404);
  await expectErrorShape(await request.post("/api/chat", { data: { sessionId: unknown, message: userMessage("hello") } }), 404);
});

test("creating a session with an invalid track is a 400 naming the field", async ({ request }) => {
  const response = await request.post("/api/sessions", { data: { track: "rails", mode: "practice" } });
  await expectErrorShape(response, 400);
  const body = (await response.json()) as { error: { field?: string } };
  expect(body.error.field).toBe("track");
});
