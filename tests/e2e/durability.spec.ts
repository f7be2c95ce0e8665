import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { getBank } from "@/lib/bank/load";
import { rubricPoints } from "@/lib/grading/rubric";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { parseGradingPrompt, startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";

/**
 * Durability: the production server is killed with SIGKILL in the middle of a turn, restarted on
 * the same data directory, and the session must have lost nothing: every submitted answer is
 * there, and an answer left ungraded is graded when the session is loaded again.
 *
 * Each test runs its own `next start` (not the shared webServer: it gets killed) on a dedicated
 * port, in its own process group so the kill takes every process it started.
 */

/** Beside the shared servers (playwright.config.ts): REHEARSE_E2E_PORT_BASE moves it with them. */
const PORT = Number(process.env.REHEARSE_E2E_PORT_BASE ?? 3100) + 20;
const BASE = `http://127.0.0.1:${PORT}`;
const NEXT_BIN = path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

test.beforeAll(() => {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("durability tests need a production build: run npm run build first");
  }
});

// --- the server under test -------------------------------------------------------------------

class Server {
  private child: ChildProcess | null = null;
  private output = "";

  constructor(
    readonly dataDir: string,
    private readonly extraEnv: Record<string, string>,
  ) {}

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, REHEARSE_DATA_DIR: this.dataDir, REHEARSE_EMBEDDINGS: "local", ...this.extraEnv };
    // Always PGlite in the data directory; no real OpenAI settings from the developer's shell.
    delete env.DATABASE_URL;
    if (!this.extraEnv.OPENAI_API_KEY) {
      delete env.OPENAI_API_KEY;
      delete env.OPENAI_BASE_URL;
    }
    this.output = "";
    const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (this.output += d.toString()));
    this.child = child;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${this.output}`);
      try {
        const res = await fetch(`${BASE}/api/questions`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`next start did not answer within 90 s:\n${this.output}`);
  }

  /** SIGKILL to the whole process group: no shutdown hooks, no flushing, like a power cut. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  }
}

// --- a browser, reduced to its cookie ----------------------------------------------------------

class Client {
  private cookie = "";

  private headers(json: boolean): Record<string, string> {
    return { ...(this.cookie ? { cookie: this.cookie } : {}), ...(json ? { "content-type": "application/json" } : {}) };
  }

  async createSession(body: unknown): Promise<{ session: { id: string }; messages: RehearseMessage[] }> {
    const res = await fetch(`${BASE}/api/sessions`, { method: "POST", headers: this.headers(true), body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    this.cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    return res.json() as Promise<{ session: { id: string }; messages: RehearseMessage[] }>;
  }

  /** Resolves when the response headers arrive: by then the server has stored the answer. */
  send(sessionId: string, text: string): Promise<Response> {
    const message = {
      id: `m-${Math.random().toString(36).slice(2)}`,
      role: "user",
      parts: [{ type: "text", text }],
      metadata: { intent: "answer", confirmed: true },
    };
    return fetch(`${BASE}/api/chat`, { method: "POST", headers: this.headers(true), body: JSON.stringify({ sessionId, message }) });
  }

  /** Sends an answer and reads the whole streamed reply into its chunks. */
  async answer(sessionId: string, text: string): Promise<Array<{ type: string; data?: unknown }>> {
    const res = await this.send(sessionId, text);
    expect(res.status).toBe(200);
    return (await res.text())
      .split("\n")
      .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
      .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string; data?: unknown });
  }

  async load(sessionId: string): Promise<{ session: { state: string }; messages: RehearseMessage[] }> {
    const res = await fetch(`${BASE}/api/sessions/${sessionId}`, { headers: this.headers(false) });
    expect(res.status).toBe(200);
    return res.json() as Promise<{ session: { state: string }; messages: RehearseMessage[] }>;
  }
}

// --- helpers ------------------------------------------------------------------------------------

type Part = RehearseMessage["parts"][number];
const dataParts = (messages: RehearseMessage[], type: string) =>
  messages.flatMap((m) => m.parts).filter((p: Part): p is Part & { data: { turnId: string; kind?: string } } => p.type === type);
const candidateText = (messages: RehearseMessage[]) =>
  messages
    .filter((m) => m.role === "user")
    .flatMap((m) => m.parts)
    .map((p) => (p.type === "text" ? p.text : ""));

/** The id of the question turn the reply put (follow-up or next question). */
function questionTurnOf(chunks: Array<{ type: string; data?: unknown }>): string {
  const question = chunks.findLast((c) => c.type === "data-question")?.data as { turnId: string } | undefined;
  if (!question) throw new Error(`the reply put no question: ${JSON.stringify(chunks.map((c) => c.type))}`);
  return question.turnId;
}

/** A bank question with enough rubric points that one point per answer leaves some to probe. */
const QUESTION = getBank().find((q) => rubricPoints(q).length >= 4)!;
const POINTS = rubricPoints(QUESTION).map((p) => p.text);

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** How a request in flight ended; handled at once, so a dropped connection is never an unhandled rejection. */
function outcome(response: Promise<Response>): Promise<"completed" | "cut off"> {
  return response
    .then((res) => res.text())
    .then(
      () => "completed" as const,
      () => "cut off" as const,
    );
}

const gradingRequestsFor = (fake: FakeOpenAI, text: string) =>
  fake.chatRequests().filter((r) => {
    const user = r.messages.map((m) => (typeof m.content === "string" ? m.content : m.content.map((c) => c.text ?? "").join(""))).join("\n");
    return parseGradingPrompt(user)?.answer.includes(text) ?? false;
  });

// --- the tests ----------------------------------------------------------------------------------

let dataDir = "";
let fake: FakeOpenAI | null = null;
let server: Server | null = null;

test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-durability-"));
});

test.afterEach(async () => {
  await server?.kill();
  server = null;
  await fake?.close();
  fake = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function llmServer(): Promise<Server> {
  fake = await startFakeOpenAI();
  // No retries: a hung call stays one call, so the test knows exactly where the server is.
  return new Server(dataDir, { OPENAI_API_KEY: "test", OPENAI_BASE_URL: `${fake.url}/v1`, REHEARSE_LLM_MAX_RETRIES: "0" });
}

test("killed while the LLM judge grades an answer: the answer survives and is graded on reload", async () => {
  server = await llmServer();
  await server.start();
  const client = new Client();
  const { session } = await client.createSession({ track: "all", mode: "practice", questionId: QUESTION.id });

  const first = `${POINTS[0]} (first answer)`;
  const firstReply = await client.answer(session.id, first);
  expect(firstReply.some((c) => c.type === "data-assessment")).toBe(true);
  const secondTurn = questionTurnOf(firstReply);

  // The judge accepts the next grading call and never answers: the kill lands mid-grading.
  fake!.queue({ kind: "hang" });
  const second = `${POINTS[1]} (second answer, in flight when the server dies)`;
  const inFlight = outcome(client.send(session.id, second));
  await waitFor("the judge to receive the second answer", () => gradingRequestsFor(fake!, "second answer, in flight").length > 0);
  await server.kill();
  expect(await inFlight).toBe("cut off");

  await server.start();
  const loaded = await client.load(session.id);
  expect(candidateText(loaded.messages)).toEqual([first, second]);
  expect(dataParts(loaded.messages, "data-assessment").map((p) => p.data.turnId)).toContain(secondTurn);
  expect(loaded.session.state).toBe("awaiting_answer");
  // The reload graded it with a second judge call, and only once.
  expect(gradingRequestsFor(fake!, "second answer, in flight")).toHaveLength(2);
});

test("killed after the grade is stored, while the follow-up is written: the session moves on after reload", async () => {
  server = await llmServer();
  await server.start();
  const client = new Client();
  const { session } = await client.createSession({ track: "all", mode: "practice", questionId: QUESTION.id });

  // The first answer covers one point: the judge's own follow-up probes the rest (no extra LLM call).
  const firstReply = await client.answer(session.id, POINTS[0]!);
  const followUpTurn = questionTurnOf(firstReply);

  // The follow-up answer is graded; the second probe is written by the model, which hangs.
  fake!.queue({ kind: "ok" }, { kind: "hang" });
  const before = fake!.chatRequests().length;
  const inFlight = outcome(client.send(session.id, POINTS[1]!));
  await waitFor("the follow-up to be requested from the model", () => fake!.chatRequests().length >= before + 2);
  await server.kill();
  expect(await inFlight).toBe("cut off");

  await server.start();
  const loaded = await client.load(session.id);
  expect(candidateText(loaded.messages)).toEqual([POINTS[0], POINTS[1]]);
  expect(loaded.session.state, "the session must not stay stuck in grading").toBe("awaiting_answer");
  expect(dataParts(loaded.messages, "data-assessment").map((p) => p.data.turnId)).toContain(followUpTurn);
  const questions = dataParts(loaded.messages, "data-question").map((p) => p.data.turnId);
  expect(new Set(questions).size).toBe(3); // the opening question, the first probe and the new one

  // Loading again changes nothing: the repair happened once.
  const again = await client.load(session.id);
  expect(again.messages).toEqual(loaded.messages);
});

test("offline: killed as soon as an answer is accepted, the answer is kept and graded exactly once", async () => {
  server = new Server(dataDir, {});
  await server.start();
  const client = new Client();
  const created = await client.createSession({ track: "all", mode: "practice", questionId: QUESTION.id });
  const { session } = created;
  const [opening] = dataParts(created.messages, "data-question");

  const answer = `${POINTS[0]} (accepted, then the server dies)`;
  const response = await client.send(session.id, answer);
  expect(response.status).toBe(200);
  // The local judge may or may not have finished: either way nothing may be lost or doubled.
  await server.kill();
  await response.text().catch(() => "");

  await server.start();
  const loaded = await client.load(session.id);
  expect(candidateText(loaded.messages)).toEqual([answer]);
  expect(loaded.session.state).toBe("awaiting_answer");
  expect(dataParts(loaded.messages, "data-assessment").map((p) => p.data.turnId)).toEqual([opening!.data.turnId]);
  expect((await client.load(session.id)).messages).toEqual(loaded.messages);
});
