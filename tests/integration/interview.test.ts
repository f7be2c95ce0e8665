import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { findQuestion, getBank } from "@/lib/bank/load";
import { loadPack } from "@/lib/bank/pack";
import { getDb } from "@/lib/db/client";
import { getTurnAnswer } from "@/lib/db/queries";
import { turns } from "@/lib/db/schema";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import { MAX_ANSWER_CHARS, type RehearseDataParts, type RehearseMessage } from "@/lib/interview/protocol";
import { useTestDatabase, type Backend } from "../support/database";
import { Browser, dataOf, indexOfKind, readChunks } from "../support/interview-client";

// The real grader, wrapped so one test can make it fail or stall.
vi.mock("@/lib/grading/grade", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/grading/grade")>();
  return { ...real, gradeAnswer: vi.fn(real.gradeAnswer) };
});

/** A question whose key points alone make a strong answer that still leaves reference points open. */
const QUESTION = "django/authentication-authorization-system";

/** A candidate who knows most of the question: the grading pack's model answer without its last two sentences (strong, with points left to probe). */
function strongAnswer(questionId: string): string {
  const question = findQuestion(questionId)!;
  const model = loadPack(
    question,
    rubricPoints(question).map((p) => p.id),
  )!.modelAnswer;
  return model
    .match(/[^.!?]+[.!?]+/g)!
    .slice(0, -2)
    .join("");
}

/** Answers a follow-up by talking about the points it probes. */
function followUpAnswer(question: RehearseDataParts["question"]): string {
  const points = rubricPoints(findQuestion(question.questionId)!).filter((p) => question.targets.includes(p.id));
  return points.map((p) => p.text).join(". ");
}

async function errorBody(response: Response) {
  return (await response.json()) as { error: { code: string; message: string; field?: string } };
}

function interviewSuite(backend: Backend) {
  useTestDatabase(backend);

  it("runs a practice session: grade, probe, recover, answer a question, I don't know, summary", async () => {
    const browser = new Browser();
    const created = await browser.createSession({ track: "django", mode: "practice", questionId: QUESTION });
    expect(created.status).toBe(201);
    expect(browser.cookie).toMatch(/^rehearse_identity=/);
    expect(created.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(created.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    const { session, messages } = (await created.json()) as { session: { id: string; mode: string; status: string }; messages: RehearseMessage[] };
    expect(session).toMatchObject({ mode: "practice", status: "active" });
    const firstQuestion = messages[0]!.parts.find((p) => p.type === "data-question") as { data: RehearseDataParts["question"] };
    expect(firstQuestion.data).toMatchObject({ questionId: QUESTION, kind: "main", index: 1, total: null });

    // A strong answer: key points stream before the assessment, then the probe.
    const graded = await browser.say(session.id, "answer", strongAnswer(QUESTION));
    const assessment = dataOf(graded, "assessment")[0]!;
    expect(assessment.assessment.score).toBeGreaterThanOrEqual(7);
    expect(assessment.reference.questionId).toBe(QUESTION);
    expect(dataOf(graded, "keyPoint").length).toBeGreaterThan(0);
    expect(indexOfKind(graded, "keyPoint")).toBeLessThan(indexOfKind(graded, "assessment"));
    const probe = dataOf(graded, "question")[0]!;
    expect(probe).toMatchObject({ kind: "followUp", questionId: QUESTION, index: 1 });
    expect(probe.targets.length).toBeGreaterThan(0);
    expect(indexOfKind(graded, "assessment")).toBeLessThan(indexOfKind(graded, "question"));
    // The probe targets points the answer did not cover.
    const covered = assessment.assessment.keyPoints.filter((k) => k.verdict === "covered").map((k) => k.id);
    for (const target of probe.targets) expect(covered).not.toContain(target);

    // The follow-up answer addresses the probed points: they are recovered.
    const recovery = await browser.say(session.id, "answer", followUpAnswer(probe));
    const recovered = dataOf(recovery, "assessment")[0]!;
    expect(recovered.turnId).toBe(probe.turnId);
    expect(recovered.recovered.length).toBeGreaterThan(0);
    for (const id of recovered.recovered) expect(probe.targets).toContain(id);
    // The interviewer says which points the follow-up filled in, by name.
    const said = recovery.flatMap((c) => (c.type === "text-delta" ? [c.delta] : [])).join("");
    for (const id of recovered.recovered) {
      const point = recovered.assessment.keyPoints.find((k) => k.id === id)!;
      expect(said).toContain(`"${point.label ?? point.text}"`);
    }

    // The candidate asks a question: answered from the bank, quoted, with sources. The open question
    // (still this one, or the next main question when the recovery left nothing to probe) is never a
    // source, so the question asked is about another topic.
    const open = dataOf(recovery, "question").at(-1)?.questionId ?? QUESTION;
    const ORM = "django/orm-querysets-common-operations";
    const [askText, askSource] =
      open === ORM
        ? ["How do Flask blueprints organise routes and what does url_for do?", "flask/routing-blueprints"]
        : ["What is the difference between select_related and prefetch_related?", ORM];
    const asked = await browser.say(session.id, "ask", askText);
    const grounded = dataOf(asked, "groundedAnswer").at(-1)!;
    expect(grounded.grounded).toBe("passages");
    expect(grounded.sources.length).toBeGreaterThan(0);
    expect(grounded.sources.map((s) => s.questionId)).toContain(askSource);
    expect(grounded.text).toContain("> ");
    // Asking must not reveal the open question's answer.
    expect(grounded.sources.map((s) => s.questionId)).not.toContain(open);
    expect(dataOf(asked, "question")).toHaveLength(0);

    // Sent as an answer but clearly a question for the interviewer: detected and flagged.
    const detected = await browser.say(session.id, "answer", "Could you explain how Django middleware works?");
    expect(dataOf(detected, "status")[0]).toMatchObject({ state: "ask-detected", intent: "ask" });
    expect(dataOf(detected, "groundedAnswer").at(-1)!.sources.length).toBeGreaterThan(0);

    // Move on to the next main question (from wherever the probing stands: when the recovery left
    // nothing to probe, the interview has already asked main question 2, and "next" skips it).
    const movedOn = dataOf(recovery, "question").find((q) => q.kind === "main");
    const next = await browser.say(session.id, "next");
    const second = dataOf(next, "question")[0]!;
    expect(second).toMatchObject({ kind: "main", index: movedOn ? movedOn.index + 1 : 2 });
    expect(second.questionId).not.toBe(QUESTION);

    // I don't know: 0, with the reference, and no probing.
    const dontKnow = await browser.say(session.id, "dont-know");
    const zero = dataOf(dontKnow, "assessment")[0]!;
    expect(zero.assessment.score).toBe(0);
    expect(zero.reference.questionId).toBe(second.questionId);
    expect(zero.reference.answer).toBe(findQuestion(second.questionId)!.answer);
    const third = dataOf(dontKnow, "question")[0]!;
    expect(third).toMatchObject({ kind: "main", index: second.index + 1 });
    expect([QUESTION, second.questionId]).not.toContain(third.questionId);

    // End: the summary.
    const ended = await browser.say(session.id, "end");
    const summary = dataOf(ended, "summary")[0]!;
    const skipped = movedOn ? [movedOn.questionId] : [];
    expect(summary.questions.map((q) => q.questionId)).toEqual([QUESTION, ...skipped, second.questionId, third.questionId]);
    expect(summary.questions[0]!.score).toBeGreaterThanOrEqual(7);
    for (const q of summary.questions.slice(1, 1 + skipped.length)) expect(q).toMatchObject({ score: null, skipped: true });
    expect(summary.questions[1 + skipped.length]).toMatchObject({ score: 0, skipped: false });
    expect(summary.questions[2 + skipped.length]).toMatchObject({ score: null, skipped: true });
    expect(summary.average).toBe((summary.questions[0]!.score! + 0) / 2);
    expect(summary.suggested.map((s) => s.questionId)).toContain(second.questionId);

    // After a reload, the whole conversation comes back, in order.
    const reloaded = await browser.getSession(session.id);
    expect(reloaded.status).toBe(200);
    const again = (await reloaded.json()) as { session: { status: string }; messages: RehearseMessage[] };
    expect(again.session.status).toBe("ended");
    const kinds = again.messages.flatMap((m) => m.parts.map((p) => p.type));
    const streamedQuestions = [graded, recovery, asked, detected, next, dontKnow].flatMap((c) => dataOf(c, "question"));
    expect(kinds.filter((k) => k === "data-question")).toHaveLength(1 + streamedQuestions.length);
    expect(kinds.filter((k) => k === "data-assessment")).toHaveLength(3);
    expect(kinds.at(-1)).toBe("data-summary");
    expect(again.messages.filter((m) => m.role === "user").map((m) => m.metadata?.intent)).toEqual([
      "answer",
      "answer",
      "ask",
      "ask",
      "next",
      "dont-know",
      "end",
    ]);

    // An ended session takes no more answers.
    const late = await browser.chat(session.id, "answer", "one more thing");
    expect(late.status).toBe(409);
  });

  it("keeps sessions private: another browser gets 404, never the data", async () => {
    const owner = new Browser();
    const { session } = (await (await owner.createSession({ track: "flask", mode: "practice" })).json()) as { session: { id: string } };
    const stranger = new Browser();
    await stranger.createSession({ track: "flask", mode: "practice" });

    const peek = await stranger.getSession(session.id);
    expect(peek.status).toBe(404);
    expect((await errorBody(peek)).error.code).toBe("not_found:session");
    const meddle = await stranger.chat(session.id, "answer", "an answer");
    expect(meddle.status).toBe(404);
    const noCookie = await new Browser().getSession(session.id);
    expect(noCookie.status).toBe(404);
    const forged = new Browser();
    forged.cookie = `${owner.cookie!.split(".")[0]}.forged-signature`;
    expect((await forged.getSession(session.id)).status).toBe(404);
    // The owner still has it, and only the owner lists it.
    expect((await owner.getSession(session.id)).status).toBe(200);
    const { GET: listRoute } = await import("@/app/api/sessions/route");
    const list = async (b: Browser) =>
      (
        (await (await listRoute(new Request("http://localhost/api/sessions", { headers: b.cookie ? { cookie: b.cookie } : {} }))).json()) as {
          sessions: { id: string }[];
        }
      ).sessions.map((s) => s.id);
    expect(await list(owner)).toContain(session.id);
    expect(await list(stranger)).not.toContain(session.id);
  });

  it("answers bad requests with stable error bodies", async () => {
    const browser = new Browser();
    const { session } = (await (await browser.createSession({ track: "fastapi", mode: "practice" })).json()) as { session: { id: string } };

    const broken = await browser.chatRaw("{not json");
    expect(broken.status).toBe(400);
    expect(await errorBody(broken)).toEqual({ error: { code: "bad_request:chat", message: expect.any(String) } });

    const tooLong = await browser.chat(session.id, "answer", "x".repeat(MAX_ANSWER_CHARS + 1));
    expect(tooLong.status).toBe(413);
    expect((await errorBody(tooLong)).error).toMatchObject({ code: "payload_too_large:answer", field: "message.parts.0.text" });

    const empty = await browser.chat(session.id, "answer", "   ");
    expect(empty.status).toBe(400);
    expect((await errorBody(empty)).error).toMatchObject({ code: "bad_request:answer", field: "message.parts.0.text" });

    const unknown = await browser.chat(randomUUID(), "answer", "hello");
    expect(unknown.status).toBe(404);
    expect((await errorBody(unknown)).error.code).toBe("not_found:session");

    const badShape = await browser.chatRaw(JSON.stringify({ sessionId: "not-a-uuid", message: {} }));
    expect(badShape.status).toBe(400);
    expect((await errorBody(badShape)).error).toMatchObject({ code: "bad_request:chat", field: "sessionId" });

    const unknownQuestion = await browser.createSession({ track: "django", mode: "practice", questionId: "django/no-such-question" });
    expect(unknownQuestion.status).toBe(404);
    expect((await errorBody(unknownQuestion)).error).toMatchObject({ code: "not_found:question", field: "questionId" });

    const badTrack = await browser.createSession({ track: "rails", mode: "practice" });
    expect(badTrack.status).toBe(400);
    expect((await errorBody(badTrack)).error).toMatchObject({ code: "bad_request:session", field: "track" });
  });

  it("stores the answer before grading, and a reload grades an answer whose grading failed", async () => {
    const browser = new Browser();
    const created = (await (await browser.createSession({ track: "django", mode: "practice", questionId: QUESTION })).json()) as {
      session: { id: string };
      messages: RehearseMessage[];
    };
    const turnId = (created.messages[0]!.parts.find((p) => p.type === "data-question") as { data: { turnId: string } }).data.turnId;

    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let answerWhileGrading: string | null = null;
    vi.mocked(gradeAnswer).mockImplementationOnce(async () => {
      answerWhileGrading = await getTurnAnswer(turnId);
      await stalled;
      throw new Error("judge crashed");
    });
    const response = await browser.chat(created.session.id, "answer", strongAnswer(QUESTION));
    expect(response.status).toBe(200);
    const reading = readChunks(response);
    release();
    const chunks = await reading;
    expect(answerWhileGrading).toBe(strongAnswer(QUESTION));
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    expect(dataOf(chunks, "assessment")).toHaveLength(0);
    expect(await getTurnAnswer(turnId)).toBe(strongAnswer(QUESTION));

    // Reloading resumes: the stored answer is graded now and the interview moves on.
    const resumed = (await (await browser.getSession(created.session.id)).json()) as { session: { state: string }; messages: RehearseMessage[] };
    const parts = resumed.messages.flatMap((m) => m.parts);
    const assessment = parts.find((p) => p.type === "data-assessment") as { data: RehearseDataParts["assessment"] };
    expect(assessment.data.turnId).toBe(turnId);
    expect(assessment.data.assessment.score).toBeGreaterThanOrEqual(7);
    expect(resumed.session.state).toBe("awaiting_answer");
    expect(parts.filter((p) => p.type === "data-question")).toHaveLength(2);
  });

  it("runs a mock interview: no feedback until the end, then every answer's assessment and the summary; over-time answers flagged", async () => {
    const browser = new Browser();
    const created = await browser.createSession({ track: "flask", mode: "mock", questionCount: 2, timeLimitSec: 60 });
    const { session, messages } = (await created.json()) as { session: { id: string; questionCount: number }; messages: RehearseMessage[] };
    expect(session.questionCount).toBe(2);
    const first = (messages[0]!.parts.find((p) => p.type === "data-question") as { data: RehearseDataParts["question"] }).data;
    expect(first).toMatchObject({ index: 1, total: 2 });

    const afterFirst = await browser.say(session.id, "answer", strongAnswer(first.questionId));
    expect(dataOf(afterFirst, "keyPoint")).toHaveLength(0);
    expect(dataOf(afterFirst, "assessment")).toHaveLength(0);
    const second = dataOf(afterFirst, "question")[0]!;
    expect(second).toMatchObject({ kind: "main", index: 2, total: 2 });

    // The candidate took longer than the limit on the second question.
    const db = await getDb();
    await db
      .update(turns)
      .set({ askedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(turns.id, second.turnId));
    const last = await browser.say(session.id, "answer", strongAnswer(second.questionId));
    const held = dataOf(last, "assessment");
    expect(held.map((a) => a.turnId)).toEqual([first.turnId, second.turnId]);
    expect(held.map((a) => a.reference.questionId)).toEqual([first.questionId, second.questionId]);
    expect(indexOfKind(last, "assessment", true)).toBeLessThan(indexOfKind(last, "summary"));
    const summary = dataOf(last, "summary")[0]!;
    expect(summary.questions).toHaveLength(2);
    expect(summary.questions[0]).toMatchObject({ questionId: first.questionId, skipped: false });
    expect(summary.questions[0]!.overTime).toBeUndefined();
    expect(summary.questions[1]).toMatchObject({ questionId: second.questionId, overTime: true });
    for (const q of summary.questions) expect(q.score).not.toBeNull();
  });
}

describe("interview routes on PGlite", () => interviewSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("interview routes on Postgres", () => interviewSuite("postgres"));

describe("question bank routes", () => {
  it("lists, searches and shows questions", async () => {
    const { GET: list } = await import("@/app/api/questions/route");
    const { GET: show } = await import("@/app/api/questions/[...id]/route");
    const all = (await (await list(new Request("http://localhost/api/questions?track=fastapi"))).json()) as { questions: { track: string }[] };
    expect(all.questions.length).toBe(getBank().filter((q) => q.track === "fastapi").length);
    const found = (await (await list(new Request("http://localhost/api/questions?q=blueprints"))).json()) as { questions: { id: string }[] };
    expect(found.questions[0]!.id).toBe("flask/routing-blueprints");
    const one = await show(new Request("http://localhost/api/questions/flask/routing-blueprints"), {
      params: Promise.resolve({ id: ["flask", "routing-blueprints"] }),
    });
    expect(((await one.json()) as { question: { id: string } }).question.id).toBe("flask/routing-blueprints");
    const encoded = await show(new Request("http://localhost/"), { params: Promise.resolve({ id: ["flask%2Frouting-blueprints"] }) });
    expect(encoded.status).toBe(200);
    const missing = await show(new Request("http://localhost/"), { params: Promise.resolve({ id: ["flask", "nope"] }) });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found:question");
  });
});
