import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";
import { MAX_ANSWER_CHARS } from "@/lib/interview/protocol";
import { seededRandom } from "../support/random";

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

// ---------------------------------------------------------------------------------------------
// What Next itself sees before any route runs: malformed paths, methods, oversized streams,
// other origins. These need the real server.

const port = (baseURL: string | undefined) => Number(new URL(baseURL!).port);

test("malformed percent-encoding in a path is a 400 in the error shape for the API and the not-found page for pages", async ({ request }) => {
  for (const path of ["/api/sessions/%E0%A4%A", "/api/questions/%ZZ", "/api/questions/django%2F%E0%A4", "/api/chat%", "/api/%C0%AF"]) {
    const response = await request.get(path);
    await expectErrorShape(response, 400);
    expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe("bad_request:api");
  }
  for (const path of ["/interview/%E0%A4%A", "/questions/%ZZ", "/carry/%E0%A4%A", "/%ZZ"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(404);
    expect(response.headers()["content-type"], path).toContain("text/html");
    expect(await response.text(), path).toContain("could not be found");
  }
  // A well-formed escape still reaches its route.
  expect((await request.get("/api/questions/django%2Form-querysets-common-operations")).status()).toBe(200);
});

test("pages and API answers carry the security headers and do not name the framework", async ({ request }) => {
  for (const path of ["/", "/questions", "/privacy", "/api/questions", "/api/no-such-thing"]) {
    const headers = (await request.get(path)).headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], path).toBe("DENY");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(headers["x-powered-by"], path).toBeUndefined();
  }
});

test("a method a route does not take is a 405 in the error shape naming the allowed ones; an unknown API is a JSON 404", async ({ request }) => {
  const cases: Array<[string, string, string]> = [
    ["PUT", "/api/chat", "POST"],
    ["GET", "/api/identity/delete", "POST"],
    ["DELETE", "/api/sessions", "GET, POST"],
    ["POST", "/api/questions", "GET"],
    ["PATCH", "/api/sessions/00000000-0000-4000-8000-000000000000", "GET"],
  ];
  for (const [method, path, allow] of cases) {
    const response = await request.fetch(path, { method });
    await expectErrorShape(response, 405);
    expect(response.headers()["allow"], `${method} ${path}`).toBe(allow);
  }
  for (const method of ["GET", "POST", "DELETE"]) await expectErrorShape(await request.fetch("/api/no/such/route", { method }), 404);
});

/** Streams `totalMiB` of chunked body at the server until it answers; how long that took and how much was sent. */
function chunkedUpload(
  portNumber: number,
  path: string,
  contentType: string,
  totalMiB: number,
): Promise<{ status: number; body: string; ms: number; sentMiB: number }> {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const total = totalMiB * 1024 * 1024;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      { host: "127.0.0.1", port: portNumber, path, method: "POST", headers: { "content-type": contentType, "transfer-encoding": "chunked" } },
      (res) => {
        answered = true;
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started, sentMiB: sent / 1024 / 1024 });
          req.destroy();
        });
      },
    );
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("a 600 MiB chunked body is a quick 413 in the error shape, read no further than the limit", async ({ baseURL }) => {
  for (const [path, type] of [
    ["/api/chat", "application/json"],
    ["/api/transcribe", "multipart/form-data; boundary=x"],
    ["/api/transcribe/delivery", "application/json"],
  ] as const) {
    const result = await chunkedUpload(port(baseURL), path, type, 600);
    expect(result.status, path).toBe(413);
    expect((JSON.parse(result.body) as { error: { code: string } }).error.code, path).toMatch(/^payload_too_large:/);
    // The server stopped reading: only what the socket buffers held on top of the limit was sent.
    expect(result.sentMiB, path).toBeLessThan(64);
    expect(result.ms, path).toBeLessThan(5_000);
  }
});

test("a POST from another port of this host or another site changes nothing", async ({ request, baseURL }) => {
  const created = await request.post("/api/sessions", { data: { track: "flask", mode: "practice" } });
  expect(created.status()).toBe(201);
  const before = await (await request.get("/api/sessions")).json();
  const otherPort = `http://127.0.0.1:${port(baseURL) + 1}`;
  const { session } = (await created.json()) as { session: { id: string } };
  const posts: Array<[string, Record<string, unknown> | undefined]> = [
    ["/api/sessions", { track: "django", mode: "practice" }],
    ["/api/chat", { sessionId: session.id, message: userMessage("select_related joins") }],
    ["/api/identity/delete", undefined],
    ["/api/identity/link", undefined],
    ["/api/identity/claim", { token: "x" }],
    ["/api/transcribe/delivery", { transcript: "hello", durationMs: 1000 }],
    ["/api/transcribe", undefined],
  ];
  for (const [path, data] of posts) {
    const crossOrigin: Array<Record<string, string>> = [
      { origin: otherPort, "sec-fetch-site": "same-site" },
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: otherPort },
    ];
    for (const headers of crossOrigin) {
      const response = await request.post(path, { data, headers });
      await expectErrorShape(response, 403);
      expect(response.headers()["set-cookie"], path).toBeUndefined();
    }
  }
  // The sessions and the identity are as they were; the app's own (same-origin) requests still work.
  expect(await (await request.get("/api/sessions")).json()).toEqual(before);
  const own = await request.post("/api/identity/link", { headers: { origin: new URL(baseURL!).origin, "sec-fetch-site": "same-origin" } });
  expect(own.status()).toBe(201);
});

test("seeded junk at every API path over the real server: no 5xx, every 4xx in the error shape", async ({ request }) => {
  const random = seededRandom(1202);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const paths = [
    "/api/chat",
    "/api/sessions",
    "/api/sessions/x",
    "/api/questions",
    "/api/questions/django/x",
    "/api/progress",
    "/api/export",
    "/api/identity/claim",
    "/api/identity/delete",
    "/api/identity/link",
    "/api/transcribe",
    "/api/transcribe/delivery",
  ];
  const junk = [
    "%",
    "%ZZ",
    "%E0%A4%A",
    "%00",
    "%ED%A0%80",
    "%C0%AF",
    "..%2F..",
    "%252E",
    "\u00e9",
    ";x=1",
    "?q=%E0%A4%A",
    "?track=%00",
    "//",
    "x".repeat(2000),
  ];
  const statuses: Record<number, number> = {};
  for (let i = 0; i < 120; i++) {
    const path = pick(paths);
    const url = pick([`${path}${pick(junk)}`, `${path}/${pick(junk)}`, path.replace(/[a-z]+$/, pick(junk))]);
    const method = pick(["GET", "POST", "PUT", "PATCH", "DELETE"]);
    const response = await request.fetch(url, {
      method,
      headers: { "content-type": pick(["application/json", "text/plain", "multipart/form-data; boundary=z"]) },
      data: method === "GET" ? undefined : pick(['{"a":', "\u0000", '{"sessionId":"\\ud800"}', "[".repeat(5000), ""]),
      maxRedirects: 0,
    });
    statuses[response.status()] = (statuses[response.status()] ?? 0) + 1;
    expect(response.status(), `${method} ${url}`).toBeLessThan(500);
    // Next normalises repeated slashes with a redirect before any route: not an API answer.
    if (response.status() >= 400) await expectErrorShape(response, response.status());
  }
  console.log(`[fuzz e2e] 120 requests, by status ${JSON.stringify(statuses)}`);
});
