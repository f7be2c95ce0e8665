import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { closeDb, databaseKind, getDb, preparedOn, transaction, type Db } from "@/lib/db/client";
import { createSession, getSessionForIdentity, insertMessage, listMessages, listTurns, recordReply } from "@/lib/db/queries";
import { messages } from "@/lib/db/schema";
import { identify, readIdentity, signIdentity, verifyIdentity } from "@/lib/identity";
import { messageRow } from "@/lib/interview/messages";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { useTestDatabase, type Backend } from "../support/database";

const message = (id: string, role: "user" | "assistant", text: string): RehearseMessage => ({ id, role, parts: [{ type: "text", text }] });

async function seed(identityId: string) {
  const sessionId = randomUUID();
  const turnId = randomUUID();
  await createSession({
    session: { id: sessionId, identityId, track: "django", mode: "practice", questionCount: 5, state: "awaiting_answer", currentTurnId: turnId },
    firstTurn: { id: turnId, sessionId, seq: 1, kind: "main", questionId: "django/signals", questionIndex: 1, prompt: "Signals?" },
    opening: messageRow(sessionId, message("opening", "assistant", "Question 1.")),
  });
  return { sessionId, turnId };
}

function storageSuite(backend: Backend) {
  const data = useTestDatabase(backend);

  it(`opens ${backend}, migrates and stores a session`, async () => {
    expect(await databaseKind()).toBe(backend);
    const identityId = randomUUID();
    const { sessionId } = await seed(identityId);
    expect((await getSessionForIdentity(sessionId, identityId))?.track).toBe("django");
    expect(await getSessionForIdentity(sessionId, randomUUID())).toBeNull();
  });

  it("keeps sessions across a restart (migrations run again without harm)", async () => {
    const identityId = randomUUID();
    const { sessionId } = await seed(identityId);
    await closeDb();
    expect(await getSessionForIdentity(sessionId, identityId)).not.toBeNull();
    expect((await listMessages(sessionId)).map((m) => m.id)).toEqual(["opening"]);
  });

  it("stores a reply once: a second submit for the same question is refused", async () => {
    const identityId = randomUUID();
    const { sessionId, turnId } = await seed(identityId);
    const reply = (id: string, answer: string) =>
      // As the interview stores a reply: the message and the answer in one transaction, rolled back when refused.
      transaction(async (tx) => {
        const row = messageRow(sessionId, message(id, "user", answer), { turnId });
        const recorded = await recordReply(tx, row, {
          sessionId,
          turnId,
          answer,
          intent: "answer",
          answeredAt: new Date(),
          overTimeLimit: false,
          state: "grading",
        });
        if (recorded !== "stored") throw new Error(`refused: ${recorded}`);
        return true;
      }).catch(() => false);
    expect(await reply("u1", "first")).toBe(true);
    expect(await reply("u2", "second")).toBe(false);
    const [turn] = await listTurns(sessionId);
    expect(turn?.answer).toBe("first");
    expect((await getSessionForIdentity(sessionId, identityId))?.state).toBe("grading");
    expect((await listMessages(sessionId)).map((m) => m.id)).toEqual(["opening", "u1"]);
  });

  it("runs a statement built once in whichever transaction uses it: its writes seen there, rolled back with it", async () => {
    const { sessionId } = await seed(randomUUID());
    const key = `test_messages_of_session:${randomUUID()}`;
    const idsOf = async (db: Db) =>
      (
        await preparedOn(db, key, (db, name) =>
          db
            .select({ id: messages.id })
            .from(messages)
            .where(eq(messages.sessionId, sql.placeholder("sessionId")))
            .orderBy(asc(messages.seq))
            .prepare(name),
        ).execute({ sessionId })
      ).map((m) => m.id);
    expect(await idsOf(await getDb())).toEqual(["opening"]);
    class RolledBack extends Error {}
    const seenInside = await transaction(async (tx) => {
      await insertMessage(tx, messageRow(sessionId, message("kept-out", "user", "rolled back")));
      const ids = await idsOf(tx);
      throw new RolledBack(ids.join(","));
    }).catch((error: unknown) => (error instanceof RolledBack ? error.message : Promise.reject(error)));
    expect(seenInside).toBe("opening,kept-out");
    expect(await idsOf(await getDb())).toEqual(["opening"]);
    await transaction(async (tx) => {
      await insertMessage(tx, messageRow(sessionId, message("kept", "user", "committed")));
      expect(await idsOf(tx)).toEqual(["opening", "kept"]);
    });
    expect(await idsOf(await getDb())).toEqual(["opening", "kept"]);
  });

  it("prepares statements built by separate copies of the storage module (Next bundles one per layer) on one connection", async () => {
    // Next bundles lib/db/client.ts once per layer (instrumentation, routes, pages), all on one pool: a statement's
    // name must not depend on which copy built it, or two copies' different statements clash.
    const copies = [];
    for (let i = 0; i < 2; i++) {
      vi.resetModules();
      copies.push(await import("@/lib/db/client"));
    }
    const [first, second] = copies as [typeof import("@/lib/db/client"), typeof import("@/lib/db/client")];
    const numbered = (copy: typeof first, db: Db, n: number) =>
      copy
        .preparedOn(db, `test_numbered:${n}:${randomUUID()}`, (db, name) =>
          db
            .select({ n: sql<number>`${sql.raw(String(n))}::int` })
            .from(sql`(select 1) as one`)
            .prepare(name),
        )
        .execute();
    // One transaction: one connection on PostgreSQL, where names are kept per connection.
    const rows = await first.transaction(async (tx) => [...(await numbered(first, tx, 1)), ...(await numbered(second, tx, 2))]);
    expect(rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it("signs identities with a secret kept 0600 in the data directory", () => {
    const minted = identify(new Request("http://localhost/"));
    expect(minted.setCookie).toMatch(/HttpOnly/);
    const file = path.join(data.dir(), "session-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const value = signIdentity(minted.id);
    expect(verifyIdentity(value)).toBe(minted.id);
    expect(verifyIdentity(value.slice(0, -2) + "xx")).toBeNull();
    expect(verifyIdentity(`${randomUUID()}.${value.split(".")[1]}`)).toBeNull();
    const again = identify(new Request("http://localhost/", { headers: { cookie: `other=1; rehearse_identity=${encodeURIComponent(value)}` } }));
    expect(again).toEqual({ id: minted.id, setCookie: null });
    expect(readIdentity(new Request("http://localhost/", { headers: { cookie: "rehearse_identity=garbage" } }))).toBeNull();
  });
}

describe("storage on PGlite", () => storageSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("storage on Postgres", () => storageSuite("postgres"));

describe.skipIf(!process.env.TEST_DATABASE_URL)("storage on Postgres, when the server ends connections", () => {
  // Only this suite's connections are ended (other test files share the server): node-postgres names
  // its connections from PGAPPNAME, set before the suite opens its pool.
  const appName = `rehearse-test-${randomUUID().slice(0, 8)}`;
  beforeAll(() => {
    process.env.PGAPPNAME = appName;
  });
  afterAll(() => {
    delete process.env.PGAPPNAME;
  });
  useTestDatabase("postgres");

  it("keeps serving after the server ends its idle connections (a restart, a failover)", async () => {
    const identityId = randomUUID();
    const { sessionId } = await seed(identityId);
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const ended = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", [
      appName,
    ]);
    await admin.end();
    expect(ended.rowCount).toBeGreaterThan(0);
    // The ended connections' errors arrive as events; unheard, one stops the process (and fails this run).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await getSessionForIdentity(sessionId, identityId))?.track).toBe("django");
  });
});
