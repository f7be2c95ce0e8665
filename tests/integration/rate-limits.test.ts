import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as claimRoute } from "@/app/api/identity/claim/route";
import { POST as linkRoute } from "@/app/api/identity/link/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/sessions/route";
import { POST as transcribeRoute } from "@/app/api/transcribe/route";
import { getDb } from "@/lib/db/client";
import { deleteEndedWindows } from "@/lib/db/rate-limit-queries";
import { CLIENT_ADDRESS_HEADER } from "@/lib/limits/client-address";
import { LLM_BUDGET_NOTE } from "@/lib/limits/llm-budget";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { requestAs, useTestDatabase, type Backend } from "../support/database";
import { setEnv } from "../support/env";
import type { FakeOpenAI } from "../support/fake-openai";
import { configureFakeLlm } from "../support/fake-llm";
import { Browser, dataOf, readChunks } from "../support/interview-client";

/**
 * Rate limits and the daily LLM budget, through the route handlers: over a limit is a 429 in the
 * error shape with Retry-After, the request does nothing, and the next window lets it through.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Windows are fixed (multiples of the window since the epoch): start a test where `needMs` fit before the next boundary. */
async function untilRoomInWindow(windowSec: number, needMs: number): Promise<void> {
  const ms = windowSec * 1000;
  const left = ms - (Date.now() % ms);
  if (left < needMs) await sleep(left + 20);
}

const uniqueAddress = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 8)}`;

function newSession(identityId: string | null, address: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return createRoute(
    requestAs("/api/sessions", identityId, {
      method: "POST",
      headers: { "content-type": "application/json", ...(address ? { [CLIENT_ADDRESS_HEADER]: address } : {}), ...headers },
      body: JSON.stringify({ track: "flask", mode: "practice" }),
    }),
  );
}

async function expectRateLimited(response: Response, code: string, message: RegExp, windowSec: number): Promise<number> {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSec);
  const body = (await response.json()) as { error: { code: string; message: string; field?: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  expect(body.error.message).toContain(`Try again in`);
  return retryAfter;
}

async function sessionCount(identityId: string): Promise<number> {
  const list = await listRoute(requestAs("/api/sessions", identityId));
  return ((await list.json()) as { sessions: unknown[] }).sessions.length;
}

function limitSuite(backend: Backend) {
  useTestDatabase(backend);
  let restore: () => void = () => {};
  afterEach(() => restore());

  it("refuses a browser's sessions past its limit with 429 + Retry-After, creates nothing, and lets it in again after the window", async () => {
    const windowSec = 2;
    restore = setEnv({ REHEARSE_LIMIT_SESSIONS_PER_IDENTITY: "2", REHEARSE_LIMIT_SESSIONS_WINDOW_SEC: String(windowSec) });
    const identityId = randomUUID();
    // The first session of a suite opens the database and the index: not inside the short window.
    expect((await newSession(randomUUID(), null)).status).toBe(201);
    await untilRoomInWindow(windowSec, 1500);
    expect((await newSession(identityId, null)).status).toBe(201);
    expect((await newSession(identityId, null)).status).toBe(201);
    const retryAfter = await expectRateLimited(
      await newSession(identityId, null),
      "rate_limited:session",
      /Too many new sessions from this browser \(limit 2 per 2 seconds\)/,
      windowSec,
    );
    expect(await sessionCount(identityId)).toBe(2);
    // Another browser has its own count.
    expect((await newSession(randomUUID(), null)).status).toBe(201);

    await sleep(retryAfter * 1000);
    expect((await newSession(identityId, null)).status).toBe(201);
    expect(await sessionCount(identityId)).toBe(3);
  });

  it("limits a client address whichever identities it uses; other addresses are not affected, and a client cannot pick its address", async () => {
    restore = setEnv({ REHEARSE_LIMIT_SESSIONS_PER_ADDRESS: "3", REHEARSE_LIMIT_SESSIONS_WINDOW_SEC: "3600" });
    await untilRoomInWindow(3600, 5000);
    const address = uniqueAddress();
    // Fresh browsers every time (no cookie: a new identity each): the address is what is counted.
    for (let i = 0; i < 3; i++) expect((await newSession(null, address)).status).toBe(201);
    await expectRateLimited(await newSession(null, address, { "x-forwarded-for": "203.0.113.99" }), "rate_limited:session", /from your network address/, 3600);
    expect((await newSession(null, uniqueAddress())).status).toBe(201);
  });

  it("behind a trusted proxy, counts the address the proxy appended to x-forwarded-for", async () => {
    restore = setEnv({ REHEARSE_LIMIT_SESSIONS_PER_ADDRESS: "1", REHEARSE_LIMIT_SESSIONS_WINDOW_SEC: "3600", REHEARSE_TRUST_PROXY: "1" });
    await untilRoomInWindow(3600, 5000);
    const client = uniqueAddress();
    expect((await newSession(null, "10.0.0.1", { "x-forwarded-for": `203.0.113.1, ${client}` })).status).toBe(201);
    // What the client wrote in front of the proxy's entry changes nothing.
    await expectRateLimited(
      await newSession(null, "10.0.0.1", { "x-forwarded-for": `203.0.113.2, ${client}` }),
      "rate_limited:session",
      /network address/,
      3600,
    );
    expect((await newSession(null, "10.0.0.1", { "x-forwarded-for": uniqueAddress() })).status).toBe(201);
  });

  it("limits chat turns per identity: the refused message is not stored", async () => {
    restore = setEnv({ REHEARSE_LIMIT_CHAT_PER_IDENTITY: "2", REHEARSE_LIMIT_CHAT_WINDOW_SEC: "3600" });
    await untilRoomInWindow(3600, 5000);
    const browser = new Browser();
    const created = await browser.createSession({ track: "flask", mode: "practice" });
    const { session } = (await created.json()) as { session: { id: string } };
    await browser.say(session.id, "answer", "Blueprints group routes, templates and static files into a reusable component.");
    await browser.say(session.id, "skip");
    const before = ((await (await browser.getSession(session.id)).json()) as { messages: RehearseMessage[] }).messages;
    await expectRateLimited(await browser.chat(session.id, "answer", "One more answer"), "rate_limited:chat", /Too many messages from this browser/, 3600);
    const after = ((await (await browser.getSession(session.id)).json()) as { messages: RehearseMessage[] }).messages;
    expect(after.map((m) => m.id)).toEqual(before.map((m) => m.id));
  });

  it("limits device links (creating and claiming) and recordings", async () => {
    restore = setEnv({
      REHEARSE_LIMIT_LINKS_PER_IDENTITY: "1",
      REHEARSE_LIMIT_LINKS_WINDOW_SEC: "3600",
      REHEARSE_LIMIT_TRANSCRIBE_PER_ADDRESS: "1",
      REHEARSE_LIMIT_TRANSCRIBE_WINDOW_SEC: "3600",
    });
    await untilRoomInWindow(3600, 5000);
    const identityId = randomUUID();
    expect((await linkRoute(requestAs("/api/identity/link", identityId, { method: "POST" }))).status).toBe(201);
    await expectRateLimited(await linkRoute(requestAs("/api/identity/link", identityId, { method: "POST" })), "rate_limited:link", /device links/, 3600);
    const claim = () =>
      claimRoute(
        requestAs("/api/identity/claim", identityId, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ token: "x".repeat(43) }),
        }),
      );
    await expectRateLimited(await claim(), "rate_limited:link", /device links/, 3600);

    const address = uniqueAddress();
    const record = () => transcribeRoute(requestAs("/api/transcribe", null, { method: "POST", headers: { [CLIENT_ADDRESS_HEADER]: address } }));
    expect((await record()).status).toBe(415); // no recording sent (no multipart body); counted all the same
    await expectRateLimited(await record(), "rate_limited:audio", /recordings/, 3600);
  });

  it("deletes counters of ended windows and keeps live ones", async () => {
    const db = await getDb();
    const now = new Date();
    const key = randomUUID(); // the PostgreSQL database is shared with other suites and runs
    await db.execute(sql`INSERT INTO rate_limits (scope, key, window_start, expires_at, count) VALUES
      ('test:old', ${key}, ${new Date(now.getTime() - 7_200_000).toISOString()}, ${new Date(now.getTime() - 3_600_000).toISOString()}, 5),
      ('test:live', ${key}, ${new Date(now.getTime() - 60_000).toISOString()}, ${new Date(now.getTime() + 60_000).toISOString()}, 5)`);
    await deleteEndedWindows(now);
    const rows = (await db.execute(sql`SELECT scope FROM rate_limits WHERE key = ${key}`)) as unknown as { rows: Array<{ scope: string }> };
    expect(rows.rows.map((r) => r.scope)).toEqual(["test:live"]);
  });
}

describe("rate limits on PGlite", () => limitSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("rate limits on PostgreSQL", () => limitSuite("postgres"));

const execFileAsync = promisify(execFile);

describe.skipIf(!process.env.TEST_DATABASE_URL)("two app instances on one PostgreSQL", () => {
  let dataDir = "";
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-instances-"));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("share one count: of 2 × 6 concurrent requests for a limit of 5, exactly 5 get through", async () => {
    const identityId = randomUUID();
    const env = {
      ...process.env,
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      REHEARSE_DATA_DIR: dataDir,
      SESSION_SECRET: "rate-limit-test-secret-of-at-least-32-characters",
      REHEARSE_LIMIT_LINKS_PER_IDENTITY: "5",
      REHEARSE_LIMIT_LINKS_WINDOW_SEC: "3600",
    };
    await untilRoomInWindow(3600, 30_000);
    const instance = () =>
      execFileAsync(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/rate-limit-instance.ts", identityId, "6"], {
        env,
        timeout: 100_000,
      });
    const outputs = await Promise.all([instance(), instance()]);
    const statuses = outputs.flatMap((o) => JSON.parse(o.stdout.trim().split("\n").at(-1)!) as number[]);
    expect(statuses).toHaveLength(12);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  }, 120_000); // two Node processes start, load the routes and open their pools
});

describe("the daily LLM budget", () => {
  useTestDatabase("pglite");
  let fake: FakeOpenAI;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ fake, close } = await configureFakeLlm({ REHEARSE_LLM_DAILY_BUDGET: "1" }));
  });
  afterAll(() => close());

  async function start(browser: Browser): Promise<string> {
    const created = await browser.createSession({ track: "flask", mode: "practice", questionId: "flask/routing-blueprints" });
    return ((await created.json()) as { session: { id: string } }).session.id;
  }

  it("past the budget, the local judge grades with a note and no more LLM calls are made; another browser still gets the LLM", async () => {
    const browser = new Browser();
    const sessionId = await start(browser);
    const first = dataOf(await browser.say(sessionId, "answer", "Routing maps URLs to view functions with the route decorator."), "assessment")[0]!;
    expect(first.assessment.grader).toMatchObject({ kind: "llm" });
    const callsAfterFirst = fake.chatRequests().length;
    expect(callsAfterFirst).toBe(1);

    // The follow-up's answer: over budget, graded locally, the candidate told why.
    const chunks = await browser.say(sessionId, "answer", "Blueprints register routes on the app with a url prefix.");
    const second = dataOf(chunks, "assessment")[0]!;
    expect(second.assessment.grader).toEqual({ kind: "local", fallbackCode: "llm_budget", fallbackReason: LLM_BUDGET_NOTE });
    expect(second.assessment.keyPoints.length).toBeGreaterThan(0);
    // An answer to the candidate's question is quoted from the bank, not written by the model.
    const asked = dataOf(await browser.say(sessionId, "ask", "How do Jinja2 templates escape HTML?"), "groundedAnswer").at(-1)!;
    expect(asked.grounded).toBe("passages");
    expect(fake.chatRequests().length).toBe(callsAfterFirst);

    // The stored assessment says the same after a reload.
    const reloaded = (await (await browser.getSession(sessionId)).json()) as { messages: RehearseMessage[] };
    const stored = reloaded.messages.flatMap((m) => m.parts).filter((p) => p.type === "data-assessment");
    expect(stored.map((p) => p.data.assessment.grader.kind)).toEqual(["llm", "local"]);

    const other = new Browser();
    const otherSession = await start(other);
    const response = await other.chat(otherSession, "answer", "Routing maps URLs to view functions.");
    expect(dataOf(await readChunks(response), "assessment")[0]!.assessment.grader).toMatchObject({ kind: "llm" });
  }, 60_000);
});
