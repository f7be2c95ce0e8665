import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { POST as deleteRoute } from "@/app/api/identity/delete/route";
import { GET as progressRoute } from "@/app/api/progress/route";
import { getBank } from "@/lib/bank/load";
import { databaseKind } from "@/lib/db/client";
import { countIdentityRows } from "@/lib/db/progress-queries";
import { exportDocumentSchema } from "@/lib/progress/reports";
import { requestAs, useTestDatabase } from "../support/database";
import { SEEDED_ANSWERS, seedAliceAndBob } from "../support/progress-seed";

/**
 * The progress routes on real PostgreSQL (tests/integration/progress-routes.test.ts covers them on
 * PGlite): the same queries must give the same history, isolation and deletion on both backends.
 */

const django = getBank().find((q) => q.track === "django")!;

describe.skipIf(!process.env.TEST_DATABASE_URL)("progress routes on PostgreSQL", () => {
  // Fresh identities: the Postgres database is shared with other test files.
  const alice = randomUUID();
  const bob = randomUUID();
  let aliceSession = "";
  let bobSession = "";

  useTestDatabase("postgres");

  beforeAll(async () => {
    ({ aliceSession, bobSession } = await seedAliceAndBob(alice, bob));
  });

  it("runs on PostgreSQL", async () => {
    expect(await databaseKind()).toBe("postgres");
  });

  it("GET /api/progress returns only the caller's answers, with recovered points, series and due reviews", async () => {
    const body = await (await progressRoute(requestAs("/api/progress", alice))).json();
    expect(body.answerCount).toBe(2);
    expect(body.history.map((s: { sessionId: string }) => s.sessionId)).toEqual([aliceSession]);
    expect(body.history[0].answers.map((a: { answer: string }) => a.answer)).toEqual([SEEDED_ANSWERS.aliceOrm, SEEDED_ANSWERS.aliceFlask]);
    const djangoAnswer = body.history[0].answers.find((a: { questionId: string }) => a.questionId === django.id);
    expect(djangoAnswer.keyPoints[1]).toMatchObject({ verdict: "missed", recoveredAfterFollowUp: true });
    expect(Object.keys(body.series).sort()).toEqual(["django", "flask"]);
    expect(body.reviews.map((r: { questionId: string }) => r.questionId)).toContain(django.id);
    expect(JSON.stringify(body)).not.toContain(SEEDED_ANSWERS.bob);
  });

  it("GET /api/export gives the caller's report and hides other identities' sessions", async () => {
    const md = await (await exportRoute(requestAs("/api/export?format=md", alice))).text();
    expect(md).toContain(SEEDED_ANSWERS.aliceOrm);
    expect(md).not.toContain(SEEDED_ANSWERS.bob);
    const doc = exportDocumentSchema.parse(await (await exportRoute(requestAs(`/api/export?format=json&sessionId=${aliceSession}`, alice))).json());
    expect(doc.sessions[0]?.answers).toHaveLength(2);
    expect((await exportRoute(requestAs(`/api/export?format=json&sessionId=${bobSession}`, alice))).status).toBe(404);
  });

  it("POST /api/identity/delete removes the caller's rows and nobody else's", async () => {
    const body = await (await deleteRoute(requestAs("/api/identity/delete", alice, { method: "POST" }))).json();
    expect(body.deleted).toEqual({ sessions: 1, answers: 3 });
    expect(await countIdentityRows(alice)).toEqual({ identity: 0, sessions: 0 });
    expect(await countIdentityRows(bob)).toEqual({ identity: 1, sessions: 1 });
  });
});
