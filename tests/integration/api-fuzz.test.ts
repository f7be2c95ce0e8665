import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS } from "@/app/api/_lib/request";
import { createCarryLink } from "@/lib/progress/carry-link";
import { measureDelivery } from "@/lib/voice/transcribe";
import { ILL_FORMED_MESSAGE } from "@/lib/text/well-formed";
import { handlerOf, METHODS, ROUTE_MODULES, routeFilesOnDisk, type Method } from "../support/api-routes";
import { identityCookie, useTestDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";
import { seededRandom } from "../support/random";

/**
 * Malformed requests against every route handler, generated from a seed so a failure replays:
 * broken, huge and deep JSON, wrong types, control characters, NUL and unpaired surrogates, wrong
 * methods and content types, chunked and lying-length oversize bodies, junk paths and queries.
 * Whatever arrives, the answer is never a 5xx, never hangs, and every 4xx is in the error shape.
 * The model is the fake OpenAI-compatible server, so valid requests (transcription, LLM grading)
 * run to the end as well.
 */

const SEED = 20261202;
const CASES = 640;
const REQUEST_TIMEOUT_MS = 10_000;
const ORIGIN = "http://localhost";

const rand = seededRandom(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

/** Strings a keyboard cannot type; each must be refused with a 400 naming its field. */
const ILL_FORMED = ["a\u0000b", "\u0000", "x\ud800", "\udfffy", "\ud83d", "ok\u0000\ud800"];
/** Odd but well-formed text: accepted where text is accepted. */
const ODD_TEXT = [
  "\u0001\u001f\u007f",
  "\u2028\u2029",
  "\u202eevil",
  "😀".repeat(50),
  "'; DROP TABLE sessions; --",
  "<script>alert(1)</script>",
  "\\u0000",
  "%00",
  " ".repeat(300),
];
/** Fields whose own format (uuid, enum, literal) refuses any other string before the text rule does. */
const FORMATTED_FIELDS = new Set(["sessionId", "role", "type", "intent", "track", "mode", "pace", "source"]);
const JUNK_VALUES: unknown[] = [null, true, 0, -1, 1.5, 1e308, "", "x", [], {}, [1, 2], { a: 1 }, "00000000-0000-4000-8000-000000000000"];

let fake: FakeOpenAI;
let restoreEnv: () => void;
let cookie: string;
let sessionId: string;
let linkToken: string;
const identity = "7b0c7a52-5d1e-4a43-9d3e-6e1a2f0c9a11";

function validChatBody(): Record<string, unknown> {
  const text = "So select_related does a join and prefetch_related runs a second query.";
  const metrics = measureDelivery({ transcript: text, durationSec: 8, questionId: "django/orm-querysets-common-operations" });
  return {
    sessionId,
    message: {
      id: `m-${int(0, 1e9)}`,
      role: "user",
      parts: [{ type: "text", text }],
      metadata: { intent: pick(["answer", "ask", "skip"]), voice: { transcript: text, metrics } },
    },
  };
}

/** A valid body per JSON route, the starting point of each mutation. */
const VALID_JSON: Record<string, () => Record<string, unknown>> = {
  "/api/chat": validChatBody,
  "/api/sessions": () => ({ track: pick(["flask", "django", "fastapi", "all"]), mode: pick(["practice", "mock"]), questionId: "flask/routing-blueprints" }),
  "/api/identity/claim": () => ({ token: linkToken }),
  "/api/transcribe/delivery": () => ({
    transcript: "um so the orm maps tables to classes",
    durationMs: 4000,
    questionId: "django/orm-querysets-common-operations",
    silences: [{ startSec: 1, endSec: 3 }],
  }),
};

type Path = Array<string | number>;

/** Every leaf of a JSON value with its path. */
function leaves(value: unknown, at: Path = []): Array<{ path: Path; value: unknown }> {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, Array.isArray(value) ? Number(k) : k]));
  }
  return [{ path: at, value }];
}

function setAt(root: unknown, at: Path, value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = value;
  return copy;
}

function deepJson(depth: number): string {
  const open = pick(["[", '{"a":']);
  return open.repeat(depth) + "1" + (open === "[" ? "]" : "}").repeat(depth);
}

/** A body of `total` bytes that is generated as it is read, counting what the handler pulled. */
function streamOf(total: number, pulled: { bytes: number }): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
  return new ReadableStream({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

interface Case {
  label: string;
  pattern: string;
  method: Method;
  url: string;
  headers: Record<string, string>;
  body?: BodyInit;
  params?: Record<string, string | string[]>;
  /** Set when the outcome is certain: the status (and for 400s, the field at fault). */
  expect?: { status: number; field?: string };
  pulled?: { bytes: number };
}

const JSON_TYPE = { "content-type": "application/json" };

function jsonCase(pattern: string): Case {
  const base = VALID_JSON[pattern]!();
  const c: Case = { label: "", pattern, method: "POST", url: `${ORIGIN}${pattern}`, headers: { ...JSON_TYPE } };
  const kind = pick([
    "valid",
    "wrong-type",
    "ill-formed",
    "odd-text",
    "drop-key",
    "extra-key",
    "broken",
    "bytes",
    "deep",
    "huge",
    "chunked",
    "lying-length",
    "aborted",
    "content-type",
    "empty",
    "top-level",
  ]);
  c.label = `${pattern} ${kind}`;
  const all = leaves(base);
  const strings = all.filter((l) => typeof l.value === "string");
  switch (kind) {
    case "valid":
      c.body = JSON.stringify(base);
      break;
    case "wrong-type": {
      const leaf = pick(all);
      c.body = JSON.stringify(setAt(base, leaf.path, pick(JUNK_VALUES)));
      break;
    }
    case "ill-formed": {
      const leaf = pick(strings);
      const bad = pick(ILL_FORMED);
      const value = pick([bad, `${String(leaf.value)}${bad}`]);
      c.body = JSON.stringify(setAt(base, leaf.path, value));
      c.label += ` at ${leaf.path.join(".")}`;
      c.expect = { status: 400, field: leaf.path.join(".") };
      break;
    }
    case "odd-text": {
      const leaf = pick(strings);
      c.body = JSON.stringify(setAt(base, leaf.path, pick(ODD_TEXT)));
      break;
    }
    case "drop-key": {
      const leaf = pick(all);
      c.body = JSON.stringify(setAt(base, leaf.path, undefined));
      break;
    }
    case "extra-key":
      c.body = JSON.stringify({ ...base, ["__proto__"]: { polluted: true }, constructor: { prototype: 1 }, [pick(ODD_TEXT)]: pick(JUNK_VALUES) });
      break;
    case "broken": {
      const text = JSON.stringify(base);
      c.body = pick([text.slice(0, int(0, text.length - 1)), `${text}}`, text.replace(/"/g, "'"), "{,}", "[", "nul", '{"a":1,}']);
      c.expect = { status: 400 };
      break;
    }
    case "bytes":
      // Not UTF-8 at all: \xff never starts a character.
      c.body = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
      c.expect = { status: 400 };
      break;
    case "deep":
      c.body = deepJson(int(1_000, 20_000));
      break;
    case "huge": {
      const leaf = pick(strings);
      const limit = pattern === "/api/chat" ? BODY_LIMITS.chat : pattern === "/api/transcribe/delivery" ? BODY_LIMITS.delivery : BODY_LIMITS.small;
      c.body = JSON.stringify(setAt(base, leaf.path, "x".repeat(limit + int(1, 50_000))));
      c.expect = { status: 413 };
      break;
    }
    case "chunked": {
      c.pulled = { bytes: 0 };
      c.body = streamOf(int(1, 600) * 1024 * 1024, c.pulled);
      c.expect = { status: 413 };
      break;
    }
    case "lying-length": {
      c.pulled = { bytes: 0 };
      if (rand() < 0.5) {
        // Declares a few bytes, sends far more than the limit: the count of what arrives decides.
        c.headers["content-length"] = String(int(0, 100));
        c.body = streamOf(8 * 1024 * 1024, c.pulled);
      } else {
        // Declares more than the limit: refused unread, whatever follows.
        c.headers["content-length"] = String(pick([1e7, 1e12, 2 ** 53]));
        c.body = streamOf(64 * 1024, c.pulled);
      }
      c.expect = { status: 413 };
      break;
    }
    case "aborted": {
      // The client goes away mid-upload.
      const head = new TextEncoder().encode(JSON.stringify(base).slice(0, 20));
      c.body = new ReadableStream({
        start(controller) {
          controller.enqueue(head);
          controller.error(new Error("connection reset"));
        },
      });
      c.expect = { status: 400 };
      break;
    }
    case "content-type":
      c.headers["content-type"] = pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "text/json",
        "",
      ]);
      if (c.headers["content-type"] === "") delete c.headers["content-type"];
      c.body = JSON.stringify(base);
      c.expect = { status: 415 };
      break;
    case "empty":
      c.body = pick(["", " ", "\n"]);
      c.expect = { status: 400 };
      break;
    case "top-level":
      c.body = JSON.stringify(pick(JUNK_VALUES));
      c.expect = { status: 400 };
      break;
  }
  return c;
}

function audioForm(mutate: string): FormData {
  const form = new FormData();
  const type = mutate === "audio-type" ? pick(["text/plain", "", "image/png", "audio/flac"]) : pick(["audio/webm", "audio/wav", "audio/ogg;codecs=opus"]);
  if (mutate !== "no-audio")
    form.append("audio", new Blob([new Uint8Array(mutate === "empty-audio" ? 0 : int(1, 4096)).fill(int(0, 255))], { type }), "answer");
  if (mutate === "audio-as-text") form.set("audio", "not a file");
  form.append("durationMs", mutate === "duration" ? String(pick(JUNK_VALUES)) : String(int(0, 60_000)));
  form.append(
    "silences",
    mutate === "silences" ? pick(["[", "{}", '[{"startSec":-1}]', "null", JSON.stringify(Array(600).fill({ startSec: 0, endSec: 1 }))]) : "[]",
  );
  // Multipart encodes text as UTF-8, which turns an unpaired surrogate into U+FFFD on the way: only NUL arrives.
  if (mutate === "ill-formed") form.append("questionId", pick(ILL_FORMED.filter((t) => t.includes("\u0000"))));
  else form.append("questionId", pick(["django/orm-querysets-common-operations", "no/such-question", ...ODD_TEXT]));
  return form;
}

function transcribeCase(): Case {
  const kind = pick([
    "valid",
    "no-audio",
    "empty-audio",
    "audio-as-text",
    "audio-type",
    "duration",
    "silences",
    "ill-formed",
    "not-multipart",
    "broken-multipart",
    "chunked",
  ]);
  const c: Case = { label: `/api/transcribe ${kind}`, pattern: "/api/transcribe", method: "POST", url: `${ORIGIN}/api/transcribe`, headers: {} };
  if (kind === "not-multipart") {
    c.headers["content-type"] = pick(["application/json", "text/plain", "audio/webm"]);
    c.body = "{}";
    c.expect = { status: 415 };
  } else if (kind === "broken-multipart") {
    c.headers["content-type"] = "multipart/form-data; boundary=zzz";
    c.body = pick(['--zzz\r\nContent-Disposition: form-data; name="audio"\r\n\r\nabc', "garbage", ""]);
    c.expect = { status: 400 };
  } else if (kind === "chunked") {
    c.headers["content-type"] = "multipart/form-data; boundary=zzz";
    c.pulled = { bytes: 0 };
    c.body = streamOf(int(11, 600) * 1024 * 1024, c.pulled);
    c.expect = { status: 413 };
  } else {
    c.body = audioForm(kind);
    if (kind === "ill-formed") c.expect = { status: 400, field: "questionId" };
  }
  return c;
}

function queryCase(pattern: string): Case {
  const keys: Record<string, string[]> = {
    "/api/questions": ["q", "track", "limit"],
    "/api/progress": ["track"],
    "/api/export": ["format", "sessionId"],
    "/api/sessions": [],
    "/api/transcribe": [],
  };
  const parts: string[] = [];
  for (const key of [...keys[pattern]!, pick(["", "x", "__proto__"])].filter(Boolean)) {
    if (rand() < 0.3) continue;
    const value = pick([
      encodeURIComponent(String(pick(JUNK_VALUES))),
      encodeURIComponent(pick(ODD_TEXT)),
      pick(["%E0%A4%A", "%ZZ", "%", "%00", "%uD800", "%ED%A0%80", "a%2", "%C0%AF"]),
      encodeURIComponent(pick(["django", "flask", "md", "json", "50", "0", "51", sessionId])),
    ]);
    parts.push(`${key}=${value}`);
    if (rand() < 0.1) parts.push(`${key}=${value}`);
  }
  return { label: `${pattern} GET query`, pattern, method: "GET", url: `${ORIGIN}${pattern}?${parts.join("&")}`, headers: {} };
}

function paramCase(pattern: string): Case {
  const segment = () =>
    pick([pick(ILL_FORMED), pick(ODD_TEXT), "%E0%A4%A", "%ZZ", "..", "", sessionId, "django", "orm-querysets-common-operations", "x".repeat(int(1, 5000))]);
  const params =
    pattern === "/api/sessions/[id]" ? { id: segment() } : { [pattern === "/api/[...path]" ? "path" : "id"]: Array.from({ length: int(1, 4) }, segment) };
  const method = pattern === "/api/[...path]" ? pick(METHODS) : "GET";
  return { label: `${pattern} ${method} params`, pattern, method, url: `${ORIGIN}${pattern.replace(/\[.*\]/, "x")}`, headers: {}, params };
}

function wrongMethodCase(): Case {
  const pattern = pick(Object.keys(ROUTE_MODULES).filter((p) => p !== "/api/[...path]"));
  const taken = METHODS.filter((m) => typeof ROUTE_MODULES[pattern]![m] === "function");
  const method = pick(taken);
  return {
    label: `${pattern} ${method} any`,
    pattern,
    method,
    url: `${ORIGIN}${pattern.replace(/\[.*\]/, "x")}`,
    headers: rand() < 0.5 ? JSON_TYPE : {},
    body: method === "GET" ? undefined : pick(["{}", "x", ""]),
    params: pattern.includes("[...") ? { id: ["x"] } : pattern.includes("[") ? { id: "x" } : undefined,
  };
}

function generate(): Case {
  const r = rand();
  let c: Case;
  if (r < 0.5) c = jsonCase(pick(Object.keys(VALID_JSON)));
  else if (r < 0.62) c = transcribeCase();
  else if (r < 0.77) c = queryCase(pick(["/api/questions", "/api/progress", "/api/export", "/api/sessions", "/api/transcribe"]));
  else if (r < 0.87) c = paramCase(pick(["/api/sessions/[id]", "/api/questions/[...id]", "/api/[...path]"]));
  else c = wrongMethodCase();
  // Who sends it: this browser, a stranger, a forged cookie; same-origin, user-initiated or no browser at all.
  const who = rand();
  if (who < 0.7) c.headers.cookie = cookie;
  else if (who < 0.8) c.headers.cookie = pick(["rehearse_identity=forged.sig", "rehearse_identity=%E0%A4%A", `rehearse_identity=${identity}.`, "a=b; ; =;"]);
  const site = pick(["same-origin", "none", null, null]);
  if (site) c.headers["sec-fetch-site"] = site;
  else if (rand() < 0.5) c.headers.origin = ORIGIN;
  // Keep this browser's data for the rest of the run: its deletion is tested elsewhere.
  if (c.pattern === "/api/identity/delete") c.headers.cookie = `rehearse_identity=${identity}.forged`;
  return c;
}

function noBodyCase(): Case {
  const pattern = pick(["/api/identity/link", "/api/identity/delete"]);
  const pulled = { bytes: 0 };
  // The route never reads a body: even 600 MiB costs nothing.
  return {
    label: `${pattern} with a body`,
    pattern,
    method: "POST",
    url: `${ORIGIN}${pattern}`,
    headers: { "content-type": pick(["text/plain", "application/json"]), cookie: `rehearse_identity=${identity}.x` },
    body: streamOf(600 * 1024 * 1024, pulled),
    pulled,
  };
}

/** What each route may read of a body (app/api/_lib/request.ts); routes without a body read none. */
function limitOf(pattern: string): number {
  const limits: Record<string, number> = {
    "/api/chat": BODY_LIMITS.chat,
    "/api/transcribe/delivery": BODY_LIMITS.delivery,
    "/api/sessions": BODY_LIMITS.small,
    "/api/identity/claim": BODY_LIMITS.small,
    "/api/transcribe": BODY_LIMITS.audio,
  };
  return limits[pattern] ?? 0;
}

async function send(c: Case): Promise<{ status: number; text: string }> {
  const request = new Request(c.url, { method: c.method, headers: c.headers, body: c.body, duplex: "half" } as RequestInit);
  const run = (async () => {
    const response = await handlerOf(c.pattern, c.method)(request, { params: Promise.resolve(c.params ?? {}) });
    return { status: response.status, text: await response.text() };
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms: ${c.label}`)), REQUEST_TIMEOUT_MS);
  });
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("fuzzing every API route", () => {
  useTestDatabase("pglite");

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // One identity sends hundreds of requests: the rate limits (tested in rate-limits.test.ts) are off here.
    const unlimited = Object.fromEntries(
      ["SESSIONS", "CHAT", "TRANSCRIBE", "LINKS"].flatMap((s) => [`REHEARSE_LIMIT_${s}_PER_IDENTITY`, `REHEARSE_LIMIT_${s}_PER_ADDRESS`].map((k) => [k, "0"])),
    );
    restoreEnv = setEnv({
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: `${fake.url}/v1`,
      REHEARSE_LLM_MAX_RETRIES: "0",
      REHEARSE_EMBEDDINGS: "local",
      REHEARSE_LLM_DAILY_BUDGET: "0",
      ...unlimited,
    });
    cookie = identityCookie(identity);
    const created = await handlerOf("/api/sessions", "POST")(
      new Request(`${ORIGIN}/api/sessions`, { method: "POST", headers: { ...JSON_TYPE, cookie }, body: JSON.stringify({ track: "django", mode: "practice" }) }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(201);
    sessionId = ((await created.json()) as { session: { id: string } }).session.id;
    linkToken = (await createCarryLink(identity, new Date())).url.split("/").at(-1)!;
  });
  afterAll(async () => {
    restoreEnv();
    await fake.close();
  });

  it("knows every route file under app/api", () => {
    expect(routeFilesOnDisk()).toEqual(Object.keys(ROUTE_MODULES).sort());
  });

  it(`answers ${CASES} malformed requests with no 5xx, no hang, and every 4xx in the error shape`, { timeout: 120_000 }, async () => {
    const byStatus = new Map<number, number>();
    const byRoute = new Map<string, number>();
    const accepted = new Set<string>();
    const cases = Array.from({ length: CASES }, (_, i) => (i % 40 === 39 ? noBodyCase() : generate()));
    for (const c of cases) {
      const { status, text } = await send(c);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      byRoute.set(`${c.method} ${c.pattern}`, (byRoute.get(`${c.method} ${c.pattern}`) ?? 0) + 1);
      if (status < 300) accepted.add(`${c.method} ${c.pattern}`);

      expect(status, `${c.label}: ${text.slice(0, 300)}`).toBeLessThan(500);
      if (status >= 400) {
        const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
        expect(Object.keys(body), c.label).toEqual(["error"]);
        expect(body.error?.code, c.label).toMatch(/^[a-z_]+:[a-z]+$/);
        expect(typeof body.error?.message === "string" && body.error.message.length > 0, c.label).toBe(true);
      }
      if (c.expect) {
        expect(status, `${c.label}: ${text.slice(0, 300)}`).toBe(c.expect.status);
        if (c.expect.field !== undefined) {
          const error = (JSON.parse(text) as { error: { field?: string; message: string } }).error;
          expect(error.field, c.label).toBe(c.expect.field);
          if (!FORMATTED_FIELDS.has(c.expect.field.split(".").at(-1)!)) expect(error.message, c.label).toContain(ILL_FORMED_MESSAGE);
        }
      }
      // Bodies are read at most to their limit (plus the chunk in flight), never to the end.
      if (c.pulled) expect(c.pulled.bytes, c.label).toBeLessThanOrEqual(limitOf(c.pattern) + 3 * 64 * 1024);
    }

    const statuses = Object.fromEntries([...byStatus].sort(([a], [b]) => a - b));
    console.log(`[fuzz] seed ${SEED}: ${cases.length} requests over ${byRoute.size} route/method pairs; by status ${JSON.stringify(statuses)}`);
    console.log(`[fuzz] by route: ${JSON.stringify(Object.fromEntries([...byRoute].sort()))}`);
    // Every route was reached, and the fuzz got past the gate too (some requests were valid).
    for (const pattern of Object.keys(ROUTE_MODULES))
      expect(
        [...byRoute.keys()].some((k) => k.endsWith(` ${pattern}`)),
        pattern,
      ).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(500);
    // The valid and odd-but-valid requests went all the way through each body-taking route.
    for (const route of ["POST /api/chat", "POST /api/sessions", "POST /api/identity/claim", "POST /api/transcribe", "POST /api/transcribe/delivery"])
      expect(accepted, route).toContain(route);
    for (const status of [200, 400, 404, 405, 413, 415]) expect(byStatus.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  });
});
