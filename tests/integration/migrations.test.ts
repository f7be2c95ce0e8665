import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { is, sql } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/export/route";
import { GET as progressRoute } from "@/app/api/progress/route";
import { closeDb, getDb } from "@/lib/db/client";
import { MIGRATIONS_DIR } from "@/lib/db/migrate";
import { listAttempts } from "@/lib/progress/stored-records";
import * as schema from "@/lib/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { resetIdentitySecretForTests } from "@/lib/identity";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { listReviewStates } from "@/lib/progress/review-state";
import { scheduleFromAttempts, type ReviewState } from "@/lib/progress/scheduling";
import { openStorage } from "@/lib/startup";
import { FIXTURE, FIXTURE_TABLES } from "@/scripts/make-db-fixture";
import { Browser, dataOf } from "../support/interview-client";
import { identityCookie } from "../support/database";

/**
 * A database written by the first release (tests/fixtures/db/release-1.sql, made by
 * scripts/make-db-fixture.ts) must open in this release through the normal start path, run only
 * the migrations it has not run, and keep every row usable.
 */

const FIXTURE_SQL = readFileSync(path.join(process.cwd(), "tests", "fixtures", "db", "release-1.sql"), "utf8");

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}
const journal = (JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] }).entries;
const migrationSql = (tag: string) => readFileSync(path.join(MIGRATIONS_DIR, `${tag}.sql`), "utf8");

// --- the rules every migration after the first follows -------------------------------------------

/**
 * Statements that would break a database an earlier release wrote, or the earlier release reading
 * a database this one migrated (a rollback): dropping or renaming what exists, or changing a type.
 */
const DESTRUCTIVE: Array<{ rule: string; pattern: RegExp }> = [
  { rule: "DROP TABLE", pattern: /\bDROP\s+TABLE\b/i },
  { rule: "DROP COLUMN", pattern: /\bDROP\s+COLUMN\b/i },
  { rule: "ALTER COLUMN ... TYPE", pattern: /\bALTER\s+COLUMN\s+("[^"]+"|\S+)\s+(SET\s+DATA\s+)?TYPE\b/i },
  { rule: "RENAME", pattern: /\bRENAME\b/i },
];

function destructiveStatements(text: string): string[] {
  const code = text.replace(/--[^\n]*/g, "");
  return DESTRUCTIVE.filter(({ pattern }) => pattern.test(code)).map(({ rule }) => rule);
}

describe("migrations are additive", () => {
  it("the rule recognises destructive statements", () => {
    expect(destructiveStatements('ALTER TABLE "turns" DROP COLUMN "intent";')).toEqual(["DROP COLUMN"]);
    expect(destructiveStatements('DROP TABLE "messages";')).toEqual(["DROP TABLE"]);
    expect(destructiveStatements('ALTER TABLE "turns" ALTER COLUMN "seq" SET DATA TYPE bigint;')).toEqual(["ALTER COLUMN ... TYPE"]);
    expect(destructiveStatements('ALTER TABLE "turns" RENAME COLUMN "answer" TO "reply";')).toEqual(["RENAME"]);
    expect(destructiveStatements('ALTER TABLE "sessions" ADD COLUMN "plan" jsonb;\n-- never DROP COLUMN here')).toEqual([]);
  });

  it("no migration after the first drops, renames or retypes anything", () => {
    const offences = journal.slice(1).flatMap((entry) => destructiveStatements(migrationSql(entry.tag)).map((rule) => `${entry.tag}.sql: ${rule}`));
    expect(
      offences,
      "Migrations must be additive: databases written by earlier releases are upgraded in place and must keep their data. " +
        "Add a new column or table instead, and stop using the old one in code.",
    ).toEqual([]);
  });

  it("migration dates increase, so drizzle never skips one on an existing database", () => {
    // drizzle's migrator runs the migrations dated after the last one it recorded: an older date is silently skipped.
    const whens = journal.map((e) => e.when);
    expect(whens, "lib/db/migrations/meta/_journal.json: every entry's `when` must be later than the one before").toEqual([...whens].sort((a, b) => a - b));
    expect(new Set(whens).size).toBe(whens.length);
  });
});

// --- a release-1 database, opened by this release --------------------------------------------------

type Row = Record<string, unknown>;
type Snapshot = Map<string, Row[]>;

/** Every row of the release's tables, as JSON, in a stable order. */
async function snapshot(query: (text: string) => Promise<Row[]>): Promise<Snapshot> {
  const tables: Snapshot = new Map();
  for (const table of FIXTURE_TABLES) {
    const rows = await query(`SELECT to_jsonb(t) AS row FROM ${table.name} t ORDER BY ${table.orderBy}`);
    tables.set(
      table.name,
      rows.map((r) => r.row as Row),
    );
  }
  return tables;
}

interface Loaded {
  /** Rows as the fixture left them, before this release opened the database. */
  before: Snapshot;
  cleanup: () => Promise<void>;
}

async function loadIntoPglite(dataDir: string): Promise<Loaded> {
  const db = await PGlite.create(path.join(dataDir, "pglite"));
  await db.exec(FIXTURE_SQL);
  const before = await snapshot(async (text) => (await db.query<Row>(text)).rows);
  await db.close();
  delete process.env.DATABASE_URL;
  return { before, cleanup: async () => undefined };
}

/** A fresh database on the TEST_DATABASE_URL server, so the fixture's public schema is the only one. */
async function loadIntoPostgres(): Promise<Loaded> {
  const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `rehearse_release1_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(FIXTURE_SQL);
  const before = await snapshot(async (text) => (await client.query<Row>(text)).rows);
  await client.end();
  process.env.DATABASE_URL = url.toString();
  return {
    before,
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

async function appRows(text: string): Promise<Row[]> {
  const db = await getDb();
  const result = (await db.execute(sql.raw(text))) as unknown as { rows: Row[] };
  return result.rows;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

function upgradeSuite(backend: "pglite" | "postgres") {
  let dataDir = "";
  let loaded: Loaded;
  const browser = new Browser();

  beforeAll(async () => {
    await closeDb();
    dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-upgrade-"));
    process.env.REHEARSE_DATA_DIR = dataDir;
    delete process.env.OPENAI_API_KEY;
    delete process.env.REHEARSE_CLOCK_OFFSET_DAYS;
    loaded = backend === "postgres" ? await loadIntoPostgres() : await loadIntoPglite(dataDir);
    resetEnvForTests();
    resetIdentitySecretForTests();
    browser.cookie = identityCookie(FIXTURE.identityId);
  });

  afterAll(async () => {
    await closeDb();
    await loaded?.cleanup();
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fixtureMigrations = () => loaded.before.get('"drizzle"."__drizzle_migrations"')!;

  it("the fixture is a release-1 database with the first migration recorded as drizzle records it", () => {
    const first = journal[0]!;
    expect(fixtureMigrations()).toEqual([{ id: 1, hash: sha256(migrationSql(first.tag)), created_at: first.when }]);
  });

  it("opens through the app's start path, running only the migrations it had not run", async () => {
    await openStorage(); // the start path: migrations, then the review-schedule backfill
    const recorded = (await appRows(`SELECT to_jsonb(t) AS row FROM "drizzle"."__drizzle_migrations" t ORDER BY id`)).map((r) => r.row as Row);
    // The released migration's record is untouched (not re-run; its file unedited since release)...
    expect(recorded.slice(0, fixtureMigrations().length)).toEqual(fixtureMigrations());
    // ...and each newer migration ran once, in order.
    expect(recorded.map((r) => ({ hash: r.hash, created_at: Number(r.created_at) }))).toEqual(
      journal.map((e) => ({ hash: sha256(migrationSql(e.tag)), created_at: e.when })),
    );
  });

  it("every table of the current schema reads through drizzle (the newer columns exist)", async () => {
    const db = await getDb();
    const tables = Object.values(schema).filter((value) => is(value, PgTable)) as PgTable[];
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const table of tables) await expect(db.select().from(table).limit(1)).resolves.toBeDefined();
  });

  it("keeps every row of the old release, unchanged", async () => {
    const after = await snapshot(appRows);
    for (const table of FIXTURE_TABLES) {
      if (table.name.includes("__drizzle_migrations")) continue;
      const old = loaded.before.get(table.name)!;
      expect(old.length, `${table.name} has rows in the fixture`).toBeGreaterThan(0);
      // New columns may have been added with defaults; every old value is still there.
      expect(after.get(table.name), table.name).toMatchObject(old);
    }
  });

  it("rebuilds the review schedule of the old answers once, on start, as the replay computes it", async () => {
    expect(await appRows(`SELECT identity_id FROM review_state_backfill`)).toEqual([]);
    const byKey = (states: ReviewState[]) => [...states].sort((a, b) => `${a.questionId}#${a.keyPointId}`.localeCompare(`${b.questionId}#${b.keyPointId}`));
    const stored = byKey(await listReviewStates(FIXTURE.identityId));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(byKey([...scheduleFromAttempts(await listAttempts(FIXTURE.identityId)).values()]));
  });

  it("shows the old practice session through GET /api/sessions/[id], and it carries on", async () => {
    const oldMessages = loaded.before.get('"messages"')!.filter((m) => m.session_id === FIXTURE.practiceSessionId);
    const res = await browser.getSession(FIXTURE.practiceSessionId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { session: { state: string; asked: number }; messages: RehearseMessage[] };
    expect(body.session).toMatchObject({ state: "awaiting_answer", asked: 2 });
    expect(body.messages.map((m) => m.id)).toEqual(oldMessages.map((m) => m.id));

    const currentTurn = loaded.before.get('"sessions"')!.find((s) => s.id === FIXTURE.practiceSessionId)!.current_turn_id;
    const chunks = await browser.say(FIXTURE.practiceSessionId, "answer", "It runs the query once and caches results because the ORM is lazy.");
    expect(dataOf(chunks, "assessment").map((a) => a.turnId)).toEqual([currentTurn]);
    const reloaded = (await (await browser.getSession(FIXTURE.practiceSessionId)).json()) as { messages: RehearseMessage[] };
    // New messages come after the old ones (the message sequence continued from the fixture's).
    expect(reloaded.messages.slice(0, oldMessages.length).map((m) => m.id)).toEqual(oldMessages.map((m) => m.id));
    expect(reloaded.messages.length).toBe(oldMessages.length + 2);
  });

  it("grades on load the answer the old release stored but never graded", async () => {
    const pendingTurn = loaded.before.get('"turns"')!.find((t) => t.session_id === FIXTURE.gradingSessionId)!;
    const body = (await (await browser.getSession(FIXTURE.gradingSessionId)).json()) as { session: { state: string }; messages: RehearseMessage[] };
    expect(body.session.state).toBe("awaiting_answer");
    const graded = body.messages.flatMap((m) => m.parts).filter((p) => p.type === "data-assessment");
    expect(graded.map((p) => p.data.turnId)).toEqual([pendingTurn.id]);
  });

  it("progress and export read the old sessions", async () => {
    const oldAnswers = loaded.before
      .get('"turns"')!
      .filter((t) => t.session_id === FIXTURE.mockSessionId && t.intent === "answer")
      .map((t) => String(t.answer));
    const request = (url: string) => new Request(`http://localhost${url}`, { headers: { cookie: browser.cookie! } });

    const progress = (await (await progressRoute(request("/api/progress"))).json()) as { history: Array<{ sessionId: string }>; answerCount: number };
    expect(progress.history.map((s) => s.sessionId)).toEqual(expect.arrayContaining([FIXTURE.practiceSessionId, FIXTURE.mockSessionId]));

    const md = await (await exportRoute(request("/api/export?format=md"))).text();
    for (const answer of oldAnswers) expect(md).toContain(answer.slice(0, 60));
    const json = await exportRoute(request(`/api/export?format=json&sessionId=${FIXTURE.mockSessionId}`));
    expect(json.status).toBe(200);
    expect(((await json.json()) as { sessions: Array<{ answers: unknown[] }> }).sessions[0]?.answers).toHaveLength(2);
  });
}

describe("a release-1 database on PGlite", () => upgradeSuite("pglite"));
describe.skipIf(!process.env.TEST_DATABASE_URL)("a release-1 database on PostgreSQL", () => upgradeSuite("postgres"));
