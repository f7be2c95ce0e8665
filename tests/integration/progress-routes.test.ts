import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { POST as deleteRoute } from "@/app/api/identity/delete/route";
import { GET as progressRoute } from "@/app/api/progress/route";
import { getBank } from "@/lib/bank/load";
import { countIdentityRows } from "@/lib/db/progress-queries";
import { IDENTITY_COOKIE } from "@/lib/identity";
import { exportDocumentSchema } from "@/lib/progress/reports";
import { requestAs, useTestDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { SEEDED_ANSWERS, seedAliceAndBob, seedSession } from "../support/progress-seed";

const django = getBank().find((q) => q.track === "django")!;
const flask = getBank().find((q) => q.track === "flask")!;

let alice: string;
let bob: string;
let aliceSession: string;
let bobSession: string;

useTestDatabase("pglite");

beforeEach(async () => {
  alice = randomUUID();
  bob = randomUUID();
  ({ aliceSession, bobSession } = await seedAliceAndBob(alice, bob));
});

describe("GET /api/progress", () => {
  it("returns only the caller's answers, with series, missed points, due reviews and streak", async () => {
    const res = await progressRoute(requestAs("/api/progress", alice));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.answerCount).toBe(2);
    expect(body.history.map((s: { sessionId: string }) => s.sessionId)).toEqual([aliceSession]);
    expect(body.history[0].answers.map((a: { answer: string }) => a.answer)).toEqual([SEEDED_ANSWERS.aliceOrm, SEEDED_ANSWERS.aliceFlask]);
    expect(Object.keys(body.series).sort()).toEqual(["django", "flask"]);
    expect(body.missedMost.map((m: { keyPointId: string }) => m.keyPointId).sort()).toEqual(["kp2", "kp3"]);
    expect(body.reviews.map((r: { questionId: string }) => r.questionId)).toContain(django.id);
    expect(body.streak.current).toBe(1);
    expect(JSON.stringify(body)).not.toContain(SEEDED_ANSWERS.bob);
  });

  it("marks points a follow-up recovered", async () => {
    const body = await (await progressRoute(requestAs("/api/progress", alice))).json();
    const djangoAnswer = body.history[0].answers.find((a: { questionId: string }) => a.questionId === django.id);
    expect(djangoAnswer.keyPoints[1]).toMatchObject({ verdict: "missed", recoveredAfterFollowUp: true });
    expect(djangoAnswer.followUps).toHaveLength(1);
  });

  it("filters by track", async () => {
    const body = await (await progressRoute(requestAs("/api/progress?track=flask", alice))).json();
    expect(body.answerCount).toBe(1);
    expect(body.history[0].answers.map((a: { track: string }) => a.track)).toEqual(["flask"]);
    expect(Object.keys(body.series)).toEqual(["flask"]);
  });

  it("rejects an unknown track with the standard error body", async () => {
    const res = await progressRoute(requestAs("/api/progress?track=rails", alice));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "bad_request:api", field: "track" } });
  });

  it("shows nothing to a browser without a cookie, or with a forged one", async () => {
    const none = await (await progressRoute(requestAs("/api/progress", null))).json();
    expect(none).toMatchObject({ answerCount: 0, history: [], reviews: [] });
    const forged = requestAs("/api/progress", null, { headers: { cookie: `${IDENTITY_COOKIE}=${alice}.forged` } });
    expect((await (await progressRoute(forged)).json()).answerCount).toBe(0);
  });

  it("brings reviews due later once the server clock is days ahead", async () => {
    const fresh = randomUUID();
    await seedSession(fresh, "flask", [{ questionId: flask.id, answer: "x", score: 3, verdicts: ["missed"], answeredAt: new Date() }]);
    expect((await (await progressRoute(requestAs("/api/progress", fresh))).json()).reviews).toEqual([]);
    const restoreClock = setEnv({ REHEARSE_CLOCK_OFFSET_DAYS: "3" });
    try {
      const later = await (await progressRoute(requestAs("/api/progress", fresh))).json();
      expect(later.reviews.map((r: { questionId: string }) => r.questionId)).toEqual([flask.id]);
    } finally {
      restoreClock();
    }
  });
});

describe("GET /api/export", () => {
  it("exports the caller's whole history as Markdown", async () => {
    const res = await exportRoute(requestAs("/api/export?format=md", alice));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="rehearse-report-.*\.md"/);
    const md = await res.text();
    expect(md).toContain(SEEDED_ANSWERS.aliceOrm);
    expect(md).toContain(django.title);
    expect(md).not.toContain(SEEDED_ANSWERS.bob);
  });

  it("exports one session as versioned JSON", async () => {
    const res = await exportRoute(requestAs(`/api/export?format=json&sessionId=${aliceSession}`, alice));
    const doc = exportDocumentSchema.parse(await res.json());
    expect(doc.sessions.map((s) => s.sessionId)).toEqual([aliceSession]);
    expect(doc.sessions[0]!.answers).toHaveLength(2);
  });

  it("answers 404 for another identity's session, exactly as for a missing one", async () => {
    const theirs = await exportRoute(requestAs(`/api/export?format=json&sessionId=${bobSession}`, alice));
    const missing = await exportRoute(requestAs(`/api/export?format=json&sessionId=${randomUUID()}`, alice));
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual(await missing.json());
  });

  it("rejects a malformed session id", async () => {
    const res = await exportRoute(requestAs("/api/export?sessionId=../etc", alice));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { field: "sessionId" } });
  });
});

describe("POST /api/identity/delete", () => {
  it("removes every row of the caller and none of anyone else's, and says so", async () => {
    const res = await deleteRoute(requestAs("/api/identity/delete", alice, { method: "POST" }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.deleted).toEqual({ sessions: 1, answers: 3 });
    expect(body.message).toMatch(/Deleted 1 session and 3 answers/);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${IDENTITY_COOKIE}=;.*Max-Age=0`));
    expect(await countIdentityRows(alice)).toEqual({ identity: 0, sessions: 0 });
    expect(await countIdentityRows(bob)).toEqual({ identity: 1, sessions: 1 });
    expect((await (await progressRoute(requestAs("/api/progress", alice))).json()).answerCount).toBe(0);
    expect((await (await progressRoute(requestAs("/api/progress", bob))).json()).answerCount).toBe(1);
  });

  it("deletes nothing for a browser without an identity", async () => {
    const body = await (await deleteRoute(requestAs("/api/identity/delete", null, { method: "POST" }))).json();
    expect(body.deleted).toEqual({ sessions: 0, answers: 0 });
    expect(await countIdentityRows(bob)).toEqual({ identity: 1, sessions: 1 });
  });
});
