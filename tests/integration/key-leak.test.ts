import type { RehearseDataParts } from "@/lib/interview/protocol";
/**
 * Issue 12, part 1: the API key never reaches a candidate. The fake OpenAI-compatible server answers
 * every chat completion with a 401 that quotes the key, as OpenAI does ("Incorrect API key provided:
 * sk-…"); the interview runs through the real routes, and the key must appear in no streamed reply,
 * no session read, no progress read, no export and no log line. Assessments stored before fallback
 * codes existed (raw provider text as the reason) must be served with our sentence too.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { GET as progressRoute } from "@/app/api/progress/route";
import { getDb } from "@/lib/db/client";
import { gradeAnswer } from "@/lib/grading/grade";
import { searchBank } from "@/lib/search/search";
import { readIdentity } from "@/lib/identity";
import { assessments, messages, turns } from "@/lib/db/schema";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { progressOverview } from "@/lib/progress/overview";
import { graderLabel } from "@/lib/progress/reports";
import { useTestDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai";
import { Browser, dataOf, readChunks } from "../support/interview-client";

const KEY = "sk-proj-LEAKCHECK7f3a9c2e1b0d4f6a8c9e";
/** Any part of the key long enough to identify it. */
const FRAGMENT = "LEAKCHECK7f3a9c";
const SENTENCE = "the grading model rejected the API key";
/** What an assessment stored by the old code said after a 401 (it kept the provider's message). */
const LEGACY_REASON = `LLM request rejected (401): Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`;

describe("the API key in a provider's error never reaches a candidate", () => {
  useTestDatabase("pglite");
  let fake: FakeOpenAI;
  let restoreEnv: () => void;
  const logged: string[] = [];
  let spies: MockInstance[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.setDefault({ kind: "error", status: 401, quoteKey: true });
    restoreEnv = setEnv({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${fake.url}/v1`, REHEARSE_LLM_MAX_RETRIES: "0", REHEARSE_EMBEDDINGS: "local" });
    // A fresh data dir has no database, search index or trained matcher yet: make them here, under
    // the hook's longer timeout, so the tests time the interview and not the warm-up.
    await getDb();
    await searchBank("flask blueprints");
    await gradeAnswer({ questionId: "flask/routing-blueprints", answer: "Blueprints group routes.", grader: "local" });
    spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.stack} ${JSON.stringify(a)}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      }),
    );
  });
  afterAll(async () => {
    for (const spy of spies) spy.mockRestore();
    restoreEnv();
    await fake.close();
  });

  async function start(browser: Browser, body: Record<string, unknown>): Promise<string> {
    const created = await browser.createSession(body);
    expect(created.status).toBe(201);
    return ((await created.json()) as { session: { id: string } }).session.id;
  }

  /** Rewrites every stored assessment of the session (table and messages) as the old code stored it after a 401. */
  async function makeLegacy(sessionId: string): Promise<void> {
    const db = await getDb();
    const rows = await db
      .select({ id: assessments.id, assessment: assessments.assessment })
      .from(assessments)
      .innerJoin(turns, eq(turns.id, assessments.turnId))
      .where(eq(turns.sessionId, sessionId));
    for (const row of rows) {
      const { fallbackCode: _dropped, ...grader } = row.assessment.grader;
      await db
        .update(assessments)
        .set({ assessment: { ...row.assessment, grader: { ...grader, fallbackReason: LEGACY_REASON } } })
        .where(eq(assessments.id, row.id));
    }
    const stored = await db.select().from(messages).where(eq(messages.sessionId, sessionId));
    for (const message of stored) {
      const parts = message.parts.map((p) => {
        if (p.type !== "data-assessment") return p;
        const data = p.data as RehearseDataParts["assessment"];
        const { fallbackCode: _dropped, ...grader } = data.assessment.grader;
        return { ...p, data: { ...data, assessment: { ...data.assessment, grader: { ...grader, fallbackReason: LEGACY_REASON } } } };
      });
      await db.update(messages).set({ parts }).where(eq(messages.id, message.id));
    }
  }

  it("grading, follow-ups, reads, progress and exports show our sentence, and no log line holds the key", async () => {
    const browser = new Browser();
    const sessionId = await start(browser, { track: "flask", mode: "practice", questionId: "flask/routing-blueprints" });
    const seen: string[] = [];

    // The answer: the grader's 401 puts the local judge in, with our reason.
    const answerResponse = await browser.chat(sessionId, "answer", "Routing maps URLs to view functions with the route decorator.");
    const answerStream = await answerResponse.clone().text();
    seen.push(answerStream);
    const graded = dataOf(await readChunks(answerResponse), "assessment")[0]!;
    expect(graded.assessment.grader).toEqual({ kind: "local", fallbackCode: "llm_auth", fallbackReason: SENTENCE });

    // A follow-up answer: the interviewer's 401 (follow-up wording) and the grader's again.
    const followUp = await browser.chat(sessionId, "answer", "Blueprints group routes so an app can register them with a url prefix.");
    seen.push(await followUp.text());

    seen.push(await (await browser.getSession(sessionId)).text());
    expect(fake.chatRequests().length).toBeGreaterThan(0); // the provider really was called and refused

    // Assessments stored before reasons were ours: what is served is the generic sentence.
    await makeLegacy(sessionId);
    const reread = (await (await browser.getSession(sessionId)).json()) as { messages: RehearseMessage[] };
    const rereadGraders = reread.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === "data-assessment" ? [p.data.assessment.grader] : [])));
    expect(rereadGraders.length).toBeGreaterThan(0);
    for (const grader of rereadGraders) expect(grader.fallbackReason).toBe("the grading model could not be used");
    seen.push(JSON.stringify(reread));

    const cookieRequest = (url: string) => new Request(`http://localhost${url}`, { headers: { cookie: browser.cookie! } });
    const progress = await progressRoute(cookieRequest("/api/progress"));
    expect(progress.status).toBe(200);
    seen.push(await progress.text());
    for (const url of [
      "/api/export?format=json",
      "/api/export?format=md",
      `/api/export?format=json&sessionId=${sessionId}`,
      `/api/export?format=md&sessionId=${sessionId}`,
    ]) {
      const response = await exportRoute(cookieRequest(url));
      expect(response.status).toBe(200);
      seen.push(await response.text());
    }

    // What the /progress page renders for each answer's grader.
    const overview = await progressOverview(identityOf(browser), new Date());
    const labels = overview.history.flatMap((s) => s.answers.map((a) => graderLabel(a.grader)));
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l === "local judge (LLM unavailable: the grading model could not be used)")).toBe(true);
    seen.push(labels.join("\n"));

    for (const body of seen) expect(body).not.toContain(FRAGMENT);
    // The operator's log keeps the provider's words, with the key taken out.
    expect(logged.some((line) => line.includes("Incorrect API key provided"))).toBe(true);
    for (const line of logged) expect(line).not.toContain(FRAGMENT);
  });

  it("a mock interview's held feedback, re-sent from storage at the end, carries our sentence even for legacy rows", async () => {
    const browser = new Browser();
    const sessionId = await start(browser, { track: "django", mode: "mock", questionCount: 2 });
    await browser.say(sessionId, "answer", "Django's ORM maps models to tables and querysets are lazy.");
    await makeLegacy(sessionId);
    const end = await browser.chat(sessionId, "answer", "Middleware wraps every request and response.");
    const stream = await end.clone().text();
    const held = dataOf(await readChunks(end), "assessment");
    expect(held).toHaveLength(2);
    expect(held.map((h) => h.assessment.grader.fallbackReason)).toEqual(["the grading model could not be used", SENTENCE]);
    expect(stream).not.toContain(FRAGMENT);
    for (const line of logged) expect(line).not.toContain(FRAGMENT);
  });
});

/** The identity the browser's cookie names, read back the way the routes and the page read it. */
function identityOf(browser: Browser): string {
  const id = readIdentity(new Request("http://localhost/", { headers: { cookie: browser.cookie! } }));
  if (!id) throw new Error("the browser has no identity cookie");
  return id;
}
