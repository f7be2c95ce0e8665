/**
 * Writes a database fixture as an earlier release left it, for tests/integration/migrations.test.ts:
 * a PGlite database gets exactly the migrations of that release (read from git at --rev), recorded
 * by drizzle-orm's own migrator, then representative rows (an identity, a practice session with a
 * follow-up and a question to the interviewer, an ended mock interview, and an answer that was
 * stored but never graded because the server stopped). The result is dumped as SQL: the migrations
 * verbatim, the migrator's record of them, then one INSERT per table.
 *
 *   npx tsx --conditions=react-server scripts/make-db-fixture.ts                       # release 1: the first migration only
 *   npx tsx --conditions=react-server scripts/make-db-fixture.ts --rev v2 --migrations 2 --out tests/fixtures/db/release-2.sql
 *
 * The rows are written with raw SQL naming the old release's columns (the app's current schema may
 * have more). Assessments come from the local judge, so they have the shape the app stores.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { z } from "zod";
import { getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import type { Assessment } from "@/lib/grading/assessment";
import { gradeLocally } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { dontKnowAssessment, lines, questionPart, referenceOf } from "@/lib/interview/interviewer";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { runIfMain } from "./run-main";

const MIGRATIONS = "lib/db/migrations";

const journalSchema = z
  .object({
    entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string(), breakpoints: z.boolean() }).loose()),
  })
  .loose();

/** Tables in foreign-key order, with the order their rows are dumped in. */
export const FIXTURE_TABLES = [
  { name: '"drizzle"."__drizzle_migrations"', orderBy: "id", serial: "id" },
  { name: '"identities"', orderBy: "id" },
  { name: '"sessions"', orderBy: "created_at, id" },
  { name: '"turns"', orderBy: "session_id, seq" },
  { name: '"assessments"', orderBy: "turn_id" },
  { name: '"messages"', orderBy: "seq", serial: "seq" },
] as const;

/** The fixture's known values, for tests that read it. */
export const FIXTURE = {
  identityId: "f1000000-0000-4000-8000-000000000001",
  practiceSessionId: "f2000000-0000-4000-8000-000000000001",
  mockSessionId: "f2000000-0000-4000-8000-000000000002",
  /** Stopped after storing an answer, before grading it. */
  gradingSessionId: "f2000000-0000-4000-8000-000000000003",
} as const;

function git(rev: string, file: string): string {
  return execFileSync("git", ["show", `${rev}:${file}`], { encoding: "utf8", maxBuffer: 32 * 1024 * 1024 });
}

interface Options {
  rev: string;
  migrations: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { rev: "HEAD", migrations: 1, out: "tests/fixtures/db/release-1.sql" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--rev") options.rev = value;
    else if (flag === "--migrations") options.migrations = Number(value);
    else if (flag === "--out") options.out = value;
    else throw new Error(`unknown option ${flag} (use --rev, --migrations, --out)`);
  }
  if (!Number.isInteger(options.migrations) || options.migrations < 1) throw new Error("--migrations must be a positive integer");
  return options;
}

/** The release's migration files at `rev`, in a folder drizzle's migrator can read, and their SQL. */
function releaseMigrations(rev: string, count: number, folder: string): Array<{ tag: string; sql: string }> {
  const journal = journalSchema.parse(JSON.parse(git(rev, `${MIGRATIONS}/meta/_journal.json`)));
  if (journal.entries.length < count) throw new Error(`${rev} has ${journal.entries.length} migrations, not ${count}`);
  const entries = journal.entries.slice(0, count);
  mkdirSync(path.join(folder, "meta"), { recursive: true });
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }, null, 2));
  return entries.map((entry) => {
    const sql = git(rev, `${MIGRATIONS}/${entry.tag}.sql`);
    writeFileSync(path.join(folder, `${entry.tag}.sql`), sql);
    return { tag: entry.tag, sql };
  });
}

// --- representative rows ----------------------------------------------------------------------

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
const uuid = (group: number, n: number) => `f${group}000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

interface Rows {
  sessions: unknown[][];
  turns: unknown[][];
  assessments: unknown[][];
  messages: unknown[][];
}

function withPoints(question: Question, n: number): string {
  // An answer made of the first n rubric points, in the candidate's words ("so basically ...").
  return rubricPoints(question)
    .slice(0, n)
    .map((p, i) => `${i === 0 ? "So basically" : "Also"} ${p.text.charAt(0).toLowerCase()}${p.text.slice(1)}`)
    .join(" ");
}

function grade(question: Question, answer: string): Assessment {
  return gradeLocally({ question, points: rubricPoints(question), answer });
}

function buildRows(): Rows {
  const bank = getBank();
  const pick = (track: string, nth = 0) => bank.filter((q) => q.track === track && rubricPoints(q).length >= 3)[nth]!;
  const rows: Rows = { sessions: [], turns: [], assessments: [], messages: [] };
  let assessmentN = 0;
  let messageN = 0;

  const turn = (t: {
    id: string;
    sessionId: string;
    seq: number;
    kind: string;
    question: Question | null;
    index: number;
    prompt: string;
    targets?: string[];
    answer: string | null;
    intent: string | null;
    askedAt: string;
    answeredAt: string | null;
    overTime?: boolean;
  }) =>
    rows.turns.push([
      t.id,
      t.sessionId,
      t.seq,
      t.kind,
      t.question?.id ?? null,
      t.index,
      t.prompt,
      JSON.stringify(t.targets ?? []),
      t.answer,
      t.intent,
      t.askedAt,
      t.answeredAt,
      t.overTime ?? false,
      t.askedAt,
    ]);
  const assess = (turnId: string, a: Assessment, recovered: string[], when: string) =>
    rows.assessments.push([uuid(4, ++assessmentN), turnId, JSON.stringify(a), a.grader.kind, a.score, JSON.stringify(recovered), when]);
  const message = (sessionId: string, m: RehearseMessage, when: string) =>
    rows.messages.push([sessionId, m.id, m.role, JSON.stringify(m.parts), m.metadata ? JSON.stringify(m.metadata) : null, when]);
  const user = (text: string, intent: "answer" | "ask" | "dont-know", when: string): RehearseMessage => ({
    id: uuid(5, ++messageN),
    role: "user",
    // An "I don't know" has no text part, as the app stores it.
    parts: text ? [{ type: "text", text }] : [],
    metadata: { intent, createdAt: when },
  });
  const assistant = (parts: RehearseMessage["parts"], when: string): RehearseMessage => ({
    id: uuid(5, ++messageN),
    role: "assistant",
    parts,
    metadata: { createdAt: when },
  });
  const text = (t: string) => ({ type: "text" as const, text: t, state: "done" as const });
  const assessmentPart = (turnId: string, q: Question, a: Assessment, recovered: string[]) => ({
    type: "data-assessment" as const,
    id: `assessment-${turnId}`,
    data: { turnId, assessment: a, recovered, reference: referenceOf(q) },
  });
  const keyPointParts = (turnId: string, a: Assessment) =>
    a.keyPoints.map((k) => ({ type: "data-keyPoint" as const, id: `kp-${turnId}-${k.id}`, data: { ...k, turnId } }));
  const questionMessagePart = (
    turnId: string,
    q: Question,
    index: number,
    total: number | null,
    kind: "main" | "followUp",
    targets: string[],
    prompt: string,
  ) => ({ type: "data-question" as const, id: `question-${turnId}`, data: questionPart({ turnId, question: q, index, total, kind, targets, text: prompt }) });

  // 1. Practice (django): an answer, a follow-up that recovers a point, a second question, a question to the interviewer.
  {
    const s = FIXTURE.practiceSessionId;
    const q1 = pick("django");
    const q2 = pick("django", 1);
    const [t1, t2, t3, t4] = [uuid(3, 1), uuid(3, 2), uuid(3, 3), uuid(3, 4)];
    rows.sessions.push([s, FIXTURE.identityId, "django", "practice", 5, null, "awaiting_answer", t3, at(0), null]);

    const a1 = withPoints(q1, 1);
    const g1 = grade(q1, a1);
    const targets = g1.keyPoints
      .filter((k) => k.verdict !== "covered")
      .slice(0, 2)
      .map((k) => k.id);
    const probe = g1.followUp || `Can you say more about ${q1.title}?`;
    turn({
      id: t1,
      sessionId: s,
      seq: 1,
      kind: "main",
      question: q1,
      index: 1,
      prompt: q1.title,
      answer: a1,
      intent: "answer",
      askedAt: at(0),
      answeredAt: at(2),
    });
    assess(t1, g1, [], at(2));
    const a2 = `Right, and ${rubricPoints(q1).find((p) => p.id === targets[0])?.text ?? "more detail"}`;
    const g2 = grade(q1, a2);
    const recovered = targets.filter((id) => g2.keyPoints.some((k) => k.id === id && (k.verdict === "covered" || k.verdict === "partial")));
    turn({
      id: t2,
      sessionId: s,
      seq: 2,
      kind: "followUp",
      question: q1,
      index: 1,
      prompt: probe,
      targets,
      answer: a2,
      intent: "answer",
      askedAt: at(2),
      answeredAt: at(4),
    });
    assess(t2, g2, recovered, at(4));
    turn({
      id: t3,
      sessionId: s,
      seq: 3,
      kind: "main",
      question: q2,
      index: 2,
      prompt: q2.title,
      answer: null,
      intent: null,
      askedAt: at(4),
      answeredAt: null,
    });
    const asked = `Wait, how is ${q2.title.replace(/\?$/, "").toLowerCase()} different in Flask?`;
    const grounded = `From the bank: ${q2.answer.split(/(?<=\.)\s/)[0]}`;
    turn({
      id: t4,
      sessionId: s,
      seq: 4,
      kind: "ask",
      question: null,
      index: 2,
      prompt: asked,
      answer: grounded,
      intent: "ask",
      askedAt: at(5),
      answeredAt: at(5),
    });

    message(
      s,
      assistant(
        [text(`${lines.opening("practice", null)}\n\n${lines.nextQuestion(1, null)}`), questionMessagePart(t1, q1, 1, null, "main", [], q1.title)],
        at(0),
      ),
      at(0),
    );
    message(s, user(a1, "answer", at(2)), at(2));
    message(
      s,
      assistant(
        [...keyPointParts(t1, g1), assessmentPart(t1, q1, g1, []), text(lines.followUp), questionMessagePart(t2, q1, 1, null, "followUp", targets, probe)],
        at(2),
      ),
      at(2),
    );
    message(s, user(a2, "answer", at(4)), at(4));
    message(
      s,
      assistant(
        [
          ...keyPointParts(t2, g2),
          text(lines.recovered(recovered.map((id) => g2.keyPoints.find((k) => k.id === id)?.text ?? id))),
          assessmentPart(t2, q1, g2, recovered),
          text(lines.nextQuestion(2, null)),
          questionMessagePart(t3, q2, 2, null, "main", [], q2.title),
        ],
        at(4),
      ),
      at(4),
    );
    message(s, user(asked, "ask", at(5)), at(5));
    message(
      s,
      assistant(
        [
          {
            type: "data-groundedAnswer",
            id: `answer-${t4}`,
            data: { text: grounded, grounded: "passages", sources: [{ questionId: q2.id, title: q2.title, passage: q2.answer.slice(0, 200) }] },
          },
        ],
        at(5),
      ),
      at(5),
    );
  }

  // 2. Mock (flask, 2 questions, ended): one answer, one "I don't know", held feedback and the summary.
  {
    const s = FIXTURE.mockSessionId;
    const [q1, q2] = [pick("flask"), pick("flask", 1)];
    const [t1, t2] = [uuid(3, 11), uuid(3, 12)];
    rows.sessions.push([s, FIXTURE.identityId, "flask", "mock", 2, 300, "ended", null, at(10), at(20)]);
    const a1 = withPoints(q1, 2);
    const g1 = grade(q1, a1);
    const g2 = dontKnowAssessment(q2);
    turn({
      id: t1,
      sessionId: s,
      seq: 1,
      kind: "main",
      question: q1,
      index: 1,
      prompt: q1.title,
      answer: a1,
      intent: "answer",
      askedAt: at(10),
      answeredAt: at(14),
      overTime: false,
    });
    assess(t1, g1, [], at(14));
    turn({
      id: t2,
      sessionId: s,
      seq: 2,
      kind: "main",
      question: q2,
      index: 2,
      prompt: q2.title,
      answer: "I don't know",
      intent: "dont-know",
      askedAt: at(14),
      answeredAt: at(20),
      overTime: true,
    });
    assess(t2, g2, [], at(20));
    const summary = {
      questions: [
        { questionId: q1.id, title: q1.title, score: g1.score, skipped: false, overTime: false },
        { questionId: q2.id, title: q2.title, score: 0, skipped: false, overTime: true },
      ],
      average: (g1.score + 0) / 2,
      missedMost: g2.keyPoints.slice(0, 2).map((k) => ({ text: k.text, questionId: q2.id, count: 1 })),
      suggested: [{ questionId: q2.id, title: q2.title }],
    };
    message(
      s,
      assistant([text(`${lines.opening("mock", 2)}\n\n${lines.nextQuestion(1, 2)}`), questionMessagePart(t1, q1, 1, 2, "main", [], q1.title)], at(10)),
      at(10),
    );
    message(s, user(a1, "answer", at(14)), at(14));
    message(s, assistant([text(lines.nextQuestion(2, 2)), questionMessagePart(t2, q2, 2, 2, "main", [], q2.title)], at(14)), at(14));
    message(s, user("", "dont-know", at(20)), at(20));
    message(
      s,
      assistant(
        [
          text(lines.ended("completed")),
          assessmentPart(t1, q1, g1, []),
          assessmentPart(t2, q2, g2, []),
          { type: "data-summary", id: `summary-${s}`, data: summary },
        ],
        at(20),
      ),
      at(20),
    );
  }

  // 3. Practice (fastapi): the answer was stored, then the server stopped before grading it.
  {
    const s = FIXTURE.gradingSessionId;
    const q = pick("fastapi");
    const t1 = uuid(3, 21);
    rows.sessions.push([s, FIXTURE.identityId, "fastapi", "practice", 5, null, "grading", t1, at(30), null]);
    const answer = withPoints(q, 2);
    turn({ id: t1, sessionId: s, seq: 1, kind: "main", question: q, index: 1, prompt: q.title, answer, intent: "answer", askedAt: at(30), answeredAt: at(33) });
    message(
      s,
      assistant(
        [text(`${lines.opening("practice", null)}\n\n${lines.nextQuestion(1, null)}`), questionMessagePart(t1, q, 1, null, "main", [], q.title)],
        at(30),
      ),
      at(30),
    );
    message(s, user(answer, "answer", at(33)), at(33));
  }

  return rows;
}

async function insertRows(db: PGlite, rows: Rows): Promise<void> {
  const insert = async (table: string, columns: string[], values: unknown[][]) => {
    for (const row of values) {
      const params = columns.map((_, i) => `$${i + 1}`).join(", ");
      await db.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${params})`, row);
    }
  };
  await db.query(`INSERT INTO "identities" ("id", "created_at") VALUES ($1, $2)`, [FIXTURE.identityId, at(0)]);
  await insert(
    "sessions",
    ["id", "identity_id", "track", "mode", "question_count", "time_limit_sec", "state", "current_turn_id", "created_at", "ended_at"],
    rows.sessions,
  );
  await insert(
    "turns",
    [
      "id",
      "session_id",
      "seq",
      "kind",
      "question_id",
      "question_index",
      "prompt",
      "targets",
      "answer",
      "intent",
      "asked_at",
      "answered_at",
      "over_time_limit",
      "created_at",
    ],
    rows.turns,
  );
  await insert("assessments", ["id", "turn_id", "assessment", "grader", "score", "recovered", "created_at"], rows.assessments);
  // Messages without "seq": the bigserial numbers them in insertion order, as in the app.
  await insert("messages", ["session_id", "id", "role", "parts", "metadata", "created_at"], rows.messages);
}

// --- the dump ---------------------------------------------------------------------------------

/** One INSERT per table: its rows as a JSON array (one row a line) expanded by jsonb_populate_recordset. */
async function dumpTable(db: PGlite, table: (typeof FIXTURE_TABLES)[number]): Promise<string> {
  const { rows } = await db.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table.name} t ORDER BY ${table.orderBy}`);
  if (rows.length === 0) return `-- ${table.name}: no rows\n`;
  const json = `[\n${rows.map((r) => r.row).join(",\n")}\n]`;
  if (json.includes("$rows$")) throw new Error("a row contains the dollar-quote tag $rows$");
  let out = `INSERT INTO ${table.name} SELECT * FROM jsonb_populate_recordset(NULL::${table.name}, $rows$${json}$rows$);\n`;
  if ("serial" in table) {
    const bare = table.name.replaceAll('"', "");
    out += `SELECT setval(pg_get_serial_sequence('${table.name.replaceAll("'", "''")}', '${table.serial}'), (SELECT max("${table.serial}") FROM ${table.name})); -- ${bare}.${table.serial} continues after the dumped rows\n`;
  }
  return out;
}

export async function makeFixture(options: Options): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), "rehearse-fixture-"));
  const db = new PGlite();
  try {
    const migrations = releaseMigrations(options.rev, options.migrations, folder);
    await migrate(drizzle({ client: db }), { migrationsFolder: folder });
    await insertRows(db, buildRows());

    const commit = execFileSync("git", ["rev-parse", "--short", options.rev], { encoding: "utf8" }).trim();
    const parts = [
      `-- A Rehearse database as written by the release whose migrations are: ${migrations.map((m) => m.tag).join(", ")} (git ${commit}).`,
      `-- Generated by scripts/make-db-fixture.ts; regenerate rather than edit. Loaded by tests/integration/migrations.test.ts.`,
      "",
      ...migrations.flatMap((m) => [`-- Migration ${m.tag}.sql, verbatim`, m.sql.trimEnd(), ""]),
      `-- The record drizzle-orm's migrator keeps of the migrations it ran (same DDL as its migrator).`,
      `CREATE SCHEMA IF NOT EXISTS "drizzle";`,
      `CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);`,
      "",
      `-- Rows`,
    ];
    for (const table of FIXTURE_TABLES) parts.push(await dumpTable(db, table));
    return `${parts.join("\n")}`;
  } finally {
    await db.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const options = parseArgs(argv);
  const sql = await makeFixture(options);
  mkdirSync(path.dirname(options.out), { recursive: true });
  writeFileSync(options.out, sql);
  console.error(`rehearse: wrote ${options.out} (${(Buffer.byteLength(sql) / 1024).toFixed(0)} KB)`);
}

runIfMain(import.meta.url, () => main(process.argv.slice(2)));
