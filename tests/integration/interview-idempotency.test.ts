import { eq } from "drizzle-orm";
import type { UIMessageChunk } from "ai";
import { describe, expect, it, vi } from "vitest";
import { loadPack } from "@/lib/bank/pack";
import { findQuestion } from "@/lib/bank/load";
import { getDb } from "@/lib/db/client";
import { listMessages, listTurns } from "@/lib/db/queries";
import { reviewStates, sessions } from "@/lib/db/schema";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { useTestDatabase, type Backend } from "../support/database";
import { Browser, dataOf, readChunks } from "../support/interview-client";

// The real grader, counted: a message id must cause one grading however often it is sent.
vi.mock("@/lib/grading/grade", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/grading/grade")>();
  return { ...real, gradeAnswer: vi.fn(real.gradeAnswer) };
});

const QUESTION = "django/authentication-authorization-system";
/** The grading pack's model answer (graded strong, grading-local-judge.test.ts), tagged so each test's text is its own. */
const strongAnswer = (tag: string) => {
  const question = findQuestion(QUESTION)!;
  return `${
    loadPack(
      question,
      rubricPoints(question).map((p) => p.id),
    )!.modelAnswer
  } (${tag})`;
};

/** Gradings of exactly this answer text so far. */
const gradingsOf = (answer: string) => vi.mocked(gradeAnswer).mock.calls.filter(([input]) => input.answer === answer).length;

const ASKED = "How do Flask blueprints get a URL prefix?";

async function practiceSession(browser: Browser): Promise<string> {
  const created = (await (await browser.createSession({ track: "django", mode: "practice", questionId: QUESTION })).json()) as { session: { id: string } };
  return created.session.id;
}

/** The same message, byte for byte, as a retrying client sends it again. */
function send(browser: Browser, sessionId: string, id: string, text: string, intent = "answer"): Promise<Response> {
  return browser.chatRaw(
    JSON.stringify({ sessionId, message: { id, role: "user", parts: text ? [{ type: "text", text }] : [], metadata: { intent, confirmed: true } } }),
  );
}

/** What a reply shows the candidate: its data parts and texts, without the per-stream ids of text chunks. */
function shown(chunks: UIMessageChunk[]): unknown[] {
  return chunks.flatMap((c): unknown[] => (c.type.startsWith("data-") ? [c] : c.type === "text-delta" ? [{ text: c.delta }] : []));
}

async function storedState(sessionId: string) {
  const db = await getDb();
  const [session] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  const turns = await listTurns(sessionId);
  const messages = await listMessages(sessionId);
  const review = await db
    .select({ keyPointId: reviewStates.keyPointId, judged: reviewStates.judged, reps: reviewStates.reps })
    .from(reviewStates)
    .where(eq(reviewStates.identityId, session!.identityId));
  return {
    session: { state: session!.state, currentTurnId: session!.currentTurnId },
    answered: turns.filter((t) => t.answer !== null).map((t) => ({ id: t.id, answer: t.answer })),
    assessments: turns.filter((t) => t.assessment).length,
    turns: turns.length,
    messages: messages.map((m) => ({ id: m.id, role: m.role, replyTo: m.replyTo })),
    review: review.sort((a, b) => a.keyPointId.localeCompare(b.keyPointId)),
  };
}

function idempotencySuite(backend: Backend) {
  useTestDatabase(backend);

  it("a message sent again after its reply is answered with that reply: no second grading, nothing stored twice", async () => {
    const browser = new Browser();
    const sessionId = await practiceSession(browser);
    const answer = strongAnswer(`sequential ${backend}`);

    const first = await send(browser, sessionId, "retry-1", answer);
    expect(first.status).toBe(200);
    const firstChunks = await readChunks(first);
    const assessment = dataOf(firstChunks, "assessment")[0]!;
    expect(assessment.assessment.score).toBeGreaterThanOrEqual(7);
    const next = dataOf(firstChunks, "question").at(-1)!;
    const before = await storedState(sessionId);
    expect(before.assessments).toBe(1);
    expect(before.review.every((r) => r.judged === 1)).toBe(true);

    // The retry (a dropped connection, a double click) is not an answer to the question asked next.
    const again = await send(browser, sessionId, "retry-1", answer);
    expect(again.status).toBe(200);
    const againChunks = await readChunks(again);
    expect(dataOf(againChunks, "assessment")).toEqual([assessment]);
    expect(dataOf(againChunks, "question").at(-1)).toEqual(next);
    expect(shown(againChunks)).toEqual(shown(firstChunks));
    expect(gradingsOf(answer)).toBe(1);
    expect(await storedState(sessionId)).toEqual(before);
    expect(before.messages.filter((m) => m.id === "retry-1")).toHaveLength(1);
    expect(before.messages.filter((m) => m.replyTo === "retry-1")).toHaveLength(1);

    // Skips and questions to the interviewer are idempotent too: the same reply, one move.
    const skipped = await readChunks(await send(browser, sessionId, "skip-1", "", "next"));
    const afterSkip = await storedState(sessionId);
    expect(shown(await readChunks(await send(browser, sessionId, "skip-1", "", "next")))).toEqual(shown(skipped));
    expect(await storedState(sessionId)).toEqual(afterSkip);

    // About another track, so it is never the open question (whose reference an answer would withhold).
    const asked = await readChunks(await send(browser, sessionId, "ask-1", ASKED, "ask"));
    const afterAsk = await storedState(sessionId);
    expect(dataOf(asked, "groundedAnswer").at(-1)!.sources.length).toBeGreaterThan(0);
    const askedAgain = await readChunks(await send(browser, sessionId, "ask-1", ASKED, "ask"));
    expect(dataOf(askedAgain, "groundedAnswer")).toEqual([dataOf(asked, "groundedAnswer").at(-1)]);
    expect(await storedState(sessionId)).toEqual(afterAsk);

    // A reload shows each message and reply once.
    const reloaded = (await (await browser.getSession(sessionId)).json()) as { messages: RehearseMessage[] };
    expect(reloaded.messages.filter((m) => m.role === "user").map((m) => m.id)).toEqual(["retry-1", "skip-1", "ask-1"]);
    expect(reloaded.messages.flatMap((m) => m.parts).filter((p) => p.type === "data-assessment")).toHaveLength(1);
  }, 60_000); // the suite's first grading also loads the search index and the judge

  it("ten concurrent sends of one message: one stored answer, one grading, one review-state change, the same result", async () => {
    const browser = new Browser();
    const sessionId = await practiceSession(browser);
    const answer = strongAnswer(`concurrent ${backend}`);

    const responses = await Promise.all(Array.from({ length: 10 }, () => send(browser, sessionId, "double-click", answer)));
    const results = await Promise.all(
      responses.map(async (r) => (r.status === 200 ? { status: 200, chunks: await readChunks(r) } : { status: r.status, body: (await r.json()) as unknown })),
    );
    const streamed = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(streamed.length).toBeGreaterThanOrEqual(1);
    // While the first send grades, the others are told so in the error shape.
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toEqual({ error: { code: "conflict:chat", message: expect.any(String) } });
    }
    const assessments = streamed.map((r) => dataOf(r.chunks!, "assessment"));
    for (const a of assessments) expect(a).toEqual(assessments[0]);
    expect(assessments[0]).toHaveLength(1);

    expect(gradingsOf(answer)).toBe(1);
    const state = await storedState(sessionId);
    expect(state.answered).toEqual([{ id: assessments[0]![0]!.turnId, answer }]);
    expect(state.assessments).toBe(1);
    expect(state.turns).toBe(2); // the question and the one put after it, once
    expect(state.messages.filter((m) => m.id === "double-click")).toHaveLength(1);
    expect(state.messages.filter((m) => m.replyTo === "double-click")).toHaveLength(1);
    expect(state.review.length).toBe(assessments[0]![0]!.assessment.keyPoints.length);
    expect(state.review.every((r) => r.judged === 1 && r.reps === 1)).toBe(true);

    // Once the first send is done, a late retry gets its result.
    const late = await send(browser, sessionId, "double-click", answer);
    expect(late.status).toBe(200);
    expect(dataOf(await readChunks(late), "assessment")).toEqual(assessments[0]);
    expect(gradingsOf(answer)).toBe(1);
    expect(await storedState(sessionId)).toEqual(state);
  });

  it("a message re-sent while its answer is still being graded is a 409, and grading goes on once", async () => {
    const browser = new Browser();
    const sessionId = await practiceSession(browser);
    const answer = strongAnswer(`in flight ${backend}`);
    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const real = vi.mocked(gradeAnswer).getMockImplementation()!;
    vi.mocked(gradeAnswer).mockImplementationOnce(async (...args) => {
      await stalled;
      return real(...args);
    });

    const first = await send(browser, sessionId, "slow", answer);
    expect(first.status).toBe(200);
    const reading = readChunks(first);
    const retry = await send(browser, sessionId, "slow", answer);
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { error: { code: string } }).error.code).toBe("conflict:chat");
    release();
    const chunks = await reading;
    expect(dataOf(chunks, "assessment")).toHaveLength(1);
    expect(gradingsOf(answer)).toBe(1);
    expect(dataOf(await readChunks(await send(browser, sessionId, "slow", answer)), "assessment")).toEqual(dataOf(chunks, "assessment"));
  });
}

describe("message ids are idempotency keys on PGlite", () => idempotencySuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("message ids are idempotency keys on PostgreSQL", () => idempotencySuite("postgres"));
