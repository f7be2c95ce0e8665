import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import { transaction } from "@/lib/db/client";
import { advanceSession, listTurns, recordReply } from "@/lib/db/queries";
import { gradeLocally } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { messageRow } from "@/lib/interview/messages";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { storeAssessment } from "@/lib/progress/review-state";
import { useTestDatabase, type Backend } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";

/**
 * What a killed server leaves in the database, recreated row by row, and what loading the session
 * afterwards must make of it. (tests/e2e/durability.spec.ts kills a real server; these pin each
 * crash point exactly and run on PGlite and Postgres.)
 */

const question = getBank().find((q) => rubricPoints(q).length >= 4)!;
const points = rubricPoints(question).map((p) => p.text);

type Loaded = { session: { state: string }; messages: RehearseMessage[] };
const parts = (messages: RehearseMessage[], type: string) =>
  messages.flatMap((m) => m.parts).filter((p): p is typeof p & { data: { turnId: string } } => p.type === type);

/**
 * A practice session whose first answer is stored the way the interview stores it (message and
 * reply in one transaction) when the process dies right after: the session in "grading", nothing
 * graded yet.
 */
async function answerThenCrash(messageId: string) {
  const browser = new Browser();
  const created = await browser.createSession({ track: "all", mode: "practice", questionId: question.id });
  const { session } = (await created.json()) as { session: { id: string } };
  const [turn] = await listTurns(session.id);
  await transaction(async (tx) => {
    const message: RehearseMessage = { id: messageId, role: "user", parts: [{ type: "text", text: points[0]! }], metadata: { intent: "answer" } };
    await recordReply(tx, messageRow(session.id, message, { turnId: turn!.id }), {
      sessionId: session.id,
      turnId: turn!.id,
      answer: points[0]!,
      intent: "answer",
      answeredAt: new Date(),
      overTimeLimit: false,
      state: "grading",
    });
  });
  return { browser, session, turn: turn! };
}

function crashSuite(backend: Backend) {
  useTestDatabase(backend);

  it("an answer stored but not graded is graded once when the session is loaded", async () => {
    const { browser, session, turn } = await answerThenCrash("crashed-answer");

    const loaded = (await (await browser.getSession(session.id)).json()) as Loaded;
    expect(loaded.session.state).toBe("awaiting_answer");
    expect(parts(loaded.messages, "data-assessment").map((p) => p.data.turnId)).toEqual([turn.id]);
    expect((await listTurns(session.id))[0]?.assessment).not.toBeNull();
    const again = (await (await browser.getSession(session.id)).json()) as Loaded;
    expect(again.messages).toEqual(loaded.messages);
  });

  it("a grade stored before the session moved on is reused, and the session moves on when loaded", async () => {
    const { browser, session, turn } = await answerThenCrash("graded-then-crashed");
    // The grade is stored; the process dies before the session moves on. This release stores both in one
    // transaction, but a database written by an earlier release (which stored them apart) can be left so.
    const grade = gradeLocally({ question, points: rubricPoints(question), answer: points[0]! });
    expect(await transaction((tx) => storeAssessment(tx, { turnId: turn.id, assessment: grade, grader: "local", score: grade.score, recovered: [] }))).toBe(
      true,
    );

    const loaded = (await (await browser.getSession(session.id)).json()) as Loaded;
    expect(loaded.session.state, "the session must not stay stuck in grading").toBe("awaiting_answer");
    const [assessment] = parts(loaded.messages, "data-assessment") as Array<{ data: { turnId: string; assessment: unknown } }>;
    expect(assessment?.data).toMatchObject({ turnId: turn.id, assessment: JSON.parse(JSON.stringify(grade)) as unknown }); // as stored (JSON)
    expect(parts(loaded.messages, "data-question")).toHaveLength(2); // the first question and the next one

    // The candidate carries on from there.
    const next = await browser.say(session.id, "answer", points[1]!);
    expect(dataOf(next, "assessment")).toHaveLength(1);
  });

  it("feedback stored but never streamed (killed before the reply was saved) is shown when the session is loaded", async () => {
    const { browser, session, turn } = await answerThenCrash("unstreamed");
    const grade = gradeLocally({ question, points: rubricPoints(question), answer: points[0]! });
    // Graded and moved on to a follow-up; the reply was never stored (an earlier release stored it
    // after streaming, and the process died first).
    const next = randomUUID();
    const moved = await transaction(async (tx) => {
      await storeAssessment(tx, { turnId: turn.id, assessment: grade, grader: "local", score: grade.score, recovered: [] });
      return advanceSession(tx, {
        sessionId: session.id,
        from: { state: "grading", turnId: turn.id },
        to: { state: "awaiting_answer", turnId: next },
        newTurn: {
          id: next,
          sessionId: session.id,
          seq: 2,
          kind: "followUp",
          questionId: question.id,
          questionIndex: 1,
          prompt: "Can you say more?",
          targets: [],
        },
      });
    });
    expect(moved).toBe(true);

    const loaded = (await (await browser.getSession(session.id)).json()) as Loaded;
    expect(parts(loaded.messages, "data-assessment").map((p) => p.data.turnId)).toEqual([turn.id]);
    expect(parts(loaded.messages, "data-question").map((p) => p.data.turnId)).toEqual([turn.id, next]);
    const again = (await (await browser.getSession(session.id)).json()) as Loaded;
    expect(again.messages).toEqual(loaded.messages);
  });
}

describe("crash points on PGlite", () => crashSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("crash points on PostgreSQL", () => crashSuite("postgres"));
