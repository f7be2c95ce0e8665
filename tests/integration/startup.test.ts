import { is } from "drizzle-orm";
import { PgTable, getTableConfig } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import { getDb } from "@/lib/db/client";
import { listTurns } from "@/lib/db/queries";
import * as schema from "@/lib/db/schema";
import { rubricPoints } from "@/lib/grading/rubric";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { startServer } from "@/lib/startup";
import { useTestDatabase, type Backend } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";

/**
 * What the server does at start (lib/startup.ts, with its rehearsal of one turn)
 * leaves the database as it found it, and the first answer after it is stored and graded once.
 */

const question = getBank().find((q) => rubricPoints(q).length >= 3)!;
const tables = Object.values(schema).filter((value) => is(value, PgTable)) as PgTable[];

function startupSuite(backend: Backend) {
  useTestDatabase(backend);

  it("stores nothing: every table of the schema is as empty after start as before it", async () => {
    const db = await getDb();
    const counts = async () =>
      Object.fromEntries(await Promise.all(tables.map(async (t) => [getTableConfig(t).name, (await db.select().from(t)).length] as const)));
    // On Postgres other suites may share the database: what counts is that start adds nothing.
    const before = await counts();
    await startServer();
    await startServer(); // a second start (a restart) rehearses again and still stores nothing
    expect(await counts()).toEqual(before);
    if (backend === "pglite") expect(Object.values(before).every((n) => n === 0)).toBe(true);
  });

  it("the first answer after start is stored before grading and graded once", async () => {
    const browser = new Browser();
    const created = await browser.createSession({ track: "all", mode: "practice", questionId: question.id });
    const { session } = (await created.json()) as { session: { id: string } };
    const chunks = await browser.say(session.id, "answer", rubricPoints(question)[0]!.text);
    expect(dataOf(chunks, "assessment")).toHaveLength(1);

    const [turn] = await listTurns(session.id);
    expect(turn!.answer).toBe(rubricPoints(question)[0]!.text);
    expect(turn!.assessment).not.toBeNull();
    const loaded = (await (await browser.getSession(session.id)).json()) as { messages: RehearseMessage[] };
    const assessments = loaded.messages.flatMap((m) => m.parts).filter((p) => p.type === "data-assessment");
    expect(assessments).toHaveLength(1);
  });
}

describe("start-up on PGlite", () => startupSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("start-up on PostgreSQL", () => startupSuite("postgres"));
