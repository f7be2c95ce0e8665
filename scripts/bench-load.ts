import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Client } from "pg";
import { TURN_TIMING_PREFIX } from "../lib/turn-timing";
import { placeDatabase, templateDir } from "../lib/db/pglite-template";
import { newSession, sendAnswer } from "./bench-client";
import { runIfMain } from "./run-main";

/**
 * 50 concurrent candidates against a real production server (`npm run serve`, i.e. scripts/serve.ts)
 * on 127.0.0.1: each starts a practice session and answers 5 times (answers and follow-up answers),
 * all at once. Printed per run: errors, end-of-stream latency p50/p99, answers per second, the
 * server's RSS before / peak / after (idle, 3 s after the run), and the read-back check that every
 * answer was stored and graded exactly once. Several runs go against the same server, to show
 * whether idle memory comes back. On PGlite, and on PostgreSQL when --database-url (or
 * DATABASE_URL / TEST_DATABASE_URL) is given (a throwaway database is created there and dropped).
 *
 *   npx tsx scripts/bench-load.ts [--candidates 50] [--answers 5] [--runs 3] [--port 3195] [--database-url URL] [--skip-pglite] [--next-start]
 *   npx tsx scripts/bench-load.ts --url http://127.0.0.1:5600 --pid <server pid>   (a server already running)
 *
 * Needs `npm run build` first.
 */

const ANSWERS = readFileSync("eval/grading-dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);

export interface Server {
  url: string;
  pid: number;
  /** Spawn to the first answered request, ms: how long the server takes to start. */
  readyMs: number;
  /** The server's per-turn timing lines (lib/turn-timing.ts), parsed, when started with `turnTimings`. */
  turnTimings: TurnTiming[];
  stop: () => Promise<void>;
}

export interface TurnTiming {
  phases: Record<string, number>;
  marks: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What `npm run build` leaves in .data/ for the server: the index, the trained artefacts, the empty database. */
const BUILT_ARTEFACTS = ["bank", "index", "router", "matcher", "pglite-template"];

/**
 * Starts the production server on 127.0.0.1 with a fresh data directory holding what the build
 * made, as a first start after `npm run build` has (an empty database, placed by the build, and
 * nothing trained at start); with `copyAtStart` the data directory has no database, as one the
 * build did not make (another REHEARSE_DATA_DIR at run time), and the server copies the template.
 * scripts/bench-browser.ts uses it too.
 */
export async function startServer(
  port: number,
  databaseUrl: string | null,
  options: Pick<Options, "nextStart"> & { copyAtStart?: boolean; turnTimings?: boolean },
): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-load-"));
  const built = process.env.REHEARSE_DATA_DIR || ".data";
  for (const dir of BUILT_ARTEFACTS) if (existsSync(path.join(built, dir))) cpSync(path.join(built, dir), path.join(dataDir, dir), { recursive: true });
  // What `npm run index` does for its own data directory (never copied from it: that one may hold a developer's sessions).
  if (!databaseUrl && !options.copyAtStart) placeDatabase(path.join(dataDir, "pglite"), templateDir(dataDir));
  const spawnedAt = performance.now();
  // The command of `npm run serve` (package.json), run directly so that its pid is the server's.
  const serve = serveCommand();
  const script = options.nextStart ? ["node_modules/next/dist/bin/next", "start"] : serve;
  const child: ChildProcess = spawn(process.execPath, [...script, "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      REHEARSE_DATA_DIR: dataDir,
      OPENAI_API_KEY: "",
      DATABASE_URL: databaseUrl ?? "",
      NODE_ENV: "production",
      // Every candidate comes from 127.0.0.1: the per-address limits would stop the load, not a person.
      REHEARSE_LIMIT_SESSIONS_PER_ADDRESS: "0",
      REHEARSE_LIMIT_CHAT_PER_ADDRESS: "0",
      REHEARSE_TURN_TIMINGS: options.turnTimings ? "1" : "",
    },
    stdio: ["ignore", "ignore", options.turnTimings ? "pipe" : "inherit"],
  });
  const turnTimings: TurnTiming[] = [];
  if (options.turnTimings) {
    // The timing lines are the benchmark's; anything else the server says still reaches the terminal.
    createInterface({ input: child.stderr! }).on("line", (line) => {
      if (line.startsWith(TURN_TIMING_PREFIX)) turnTimings.push(JSON.parse(line.slice(TURN_TIMING_PREFIX.length)) as TurnTiming);
      else console.error(line);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/api/questions`)).ok) break;
    } catch {
      // not listening yet
    }
    // Polled every 50 ms so that the start-up time it gives is not rounded up by a quarter second.
    if (i > 1200) throw new Error("the server did not start in 60 s");
    await sleep(50);
  }
  const readyMs = Math.round(performance.now() - spawnedAt);
  return {
    url,
    pid: child.pid!,
    readyMs,
    turnTimings,
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, sleep(10_000)]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The arguments after `node` of package.json's "serve" script: the server runs with its own flags. */
function serveCommand(): string[] {
  const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  const [command, ...args] = scripts.serve!.split(/\s+/);
  if (command !== "node") throw new Error(`package.json's serve script does not start with node: ${scripts.serve}`);
  return args;
}

/**
 * CPU time the process has used (user + system), ms (Linux /proc; clock ticks of 10 ms). Per answer,
 * it is what the server spends on one answer whatever else runs on the machine, where answers/s
 * depends on the CPU other processes leave it.
 */
function cpuMs(pid: number): number {
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Resident set size of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

interface Candidate {
  sessionId: string;
  cookie: string;
  sent: number;
}

async function newCandidate(url: string): Promise<Candidate> {
  const { id, cookie } = await newSession(url);
  return { sessionId: id, cookie, sent: 0 };
}

let messageCounter = 0;

/** One answer: ms to the end of the stream, or the error. */
async function answer(url: string, candidate: Candidate, text: string): Promise<{ ms: number } | { error: string }> {
  const started = performance.now();
  try {
    const response = await sendAnswer(url, { id: candidate.sessionId, cookie: candidate.cookie }, `load-${process.pid}-${++messageCounter}`, text);
    const body = await response.text();
    if (response.status !== 200) return { error: `HTTP ${response.status}` };
    if (body.includes('"type":"error"')) return { error: "error in stream" };
    if (!body.includes('"type":"data-assessment"')) return { error: "no assessment in stream" };
    candidate.sent++;
    return { ms: performance.now() - started };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads each session back: one assessment per answer sent, no turn graded twice. */
async function readBack(url: string, candidates: Candidate[]): Promise<{ answers: number; graded: number; gradedTwice: number }> {
  let answers = 0;
  let graded = 0;
  let gradedTwice = 0;
  for (const c of candidates) {
    const response = await fetch(`${url}/api/sessions/${c.sessionId}`, { headers: { cookie: c.cookie } });
    const { messages } = (await response.json()) as { messages: Array<{ role: string; parts: Array<{ type: string; data?: { turnId?: string } }> }> };
    const turnIds = messages
      .flatMap((m) => m.parts)
      .filter((p) => p.type === "data-assessment")
      .map((p) => p.data!.turnId!);
    answers += messages.filter((m) => m.role === "user").length;
    graded += new Set(turnIds).size;
    gradedTwice += turnIds.length - new Set(turnIds).size;
  }
  return { answers, graded, gradedTwice };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export interface LoadRun {
  errors: number;
  answers: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** POST /api/sessions of every candidate, all at once at the start of the run. */
  sessionStartP50Ms: number;
  sessionStartMaxMs: number;
  answersPerSec: number;
  /** Server CPU time during the run (session starts included) per answer. */
  serverCpuMsPerAnswer: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  rssAfterMiB: number;
  readBack: { answers: number; graded: number; gradedTwice: number };
}

async function loadRun(server: Server, candidates: number, answersEach: number): Promise<LoadRun> {
  const rssBeforeMiB = rssMiB(server.pid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => (rssPeakMiB = Math.max(rssPeakMiB, rssMiB(server.pid))), 100);
  const latencies: number[] = [];
  const sessionStarts: number[] = [];
  const errors: string[] = [];
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  const all = await Promise.all(
    Array.from({ length: candidates }, async (_, i) => {
      const sessionStarted = performance.now();
      const candidate = await newCandidate(server.url);
      sessionStarts.push(performance.now() - sessionStarted);
      for (let a = 0; a < answersEach; a++) {
        const result = await answer(server.url, candidate, ANSWERS[(i * answersEach + a) % ANSWERS.length]!);
        if ("ms" in result) latencies.push(result.ms);
        else errors.push(result.error);
      }
      return candidate;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuDuring = cpuMs(server.pid) - cpuBefore;
  clearInterval(sampler);
  const readBackResult = await readBack(server.url, all);
  await sleep(3_000); // idle: what the server keeps once the load is gone
  if (errors.length > 0) console.log(`    errors: ${[...new Set(errors)].join("; ")}`);
  return {
    errors: errors.length,
    answers: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    maxMs: Math.max(...latencies),
    sessionStartP50Ms: percentile(sessionStarts, 0.5),
    sessionStartMaxMs: Math.max(...sessionStarts),
    answersPerSec: latencies.length / seconds,
    serverCpuMsPerAnswer: cpuDuring / latencies.length,
    rssBeforeMiB,
    rssPeakMiB,
    rssAfterMiB: rssMiB(server.pid),
    readBack: readBackResult,
  };
}

/** A throwaway database on the PostgreSQL server of `url`. */
async function throwawayDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const name = `rehearse_load_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

function describeRun(run: LoadRun): string {
  const rb = run.readBack;
  return (
    `${run.answers} answers, ${run.errors} errors, end of stream p50 ${run.p50Ms.toFixed(0)} ms p99 ${run.p99Ms.toFixed(0)} ms max ${run.maxMs.toFixed(0)} ms, ` +
    `session start p50 ${run.sessionStartP50Ms.toFixed(0)} ms max ${run.sessionStartMaxMs.toFixed(0)} ms, ` +
    `${run.answersPerSec.toFixed(1)} answers/s, server CPU ${run.serverCpuMsPerAnswer.toFixed(1)} ms per answer; RSS before ${run.rssBeforeMiB.toFixed(0)} / peak ${run.rssPeakMiB.toFixed(0)} / after ${run.rssAfterMiB.toFixed(0)} MiB; ` +
    `read back ${rb.graded}/${rb.answers} graded, ${rb.gradedTwice} graded twice`
  );
}

interface Options {
  candidates: number;
  answers: number;
  runs: number;
  nextStart: boolean;
}

async function backend(name: string, port: number, databaseUrl: string | null, options: Options, running?: { url: string; pid: number }): Promise<LoadRun[]> {
  const server = running ? { ...running, readyMs: NaN, turnTimings: [], stop: async () => {} } : await startServer(port, databaseUrl, options);
  const runs: LoadRun[] = [];
  try {
    // Warm-up: one candidate, so the first run does not time the first page of every module.
    const warm = await newCandidate(server.url);
    await answer(server.url, warm, ANSWERS[0]!);
    await sleep(1_000);
    // Then one whole run, printed but not counted: a server just started runs its code unoptimised
    // until V8 has seen it often enough (that run: ~60 answers/s, session starts queued up to 3–4 s,
    // against ~80 answers/s for the same server warm, 2026-12-07). What a server that has been up
    // for a minute does is what the runs below give; the first start is bench-browser's cold start.
    const cold = await loadRun(server, options.candidates, options.answers);
    console.log(
      `${name}: ${options.candidates} concurrent candidates × ${options.answers} answers, ${options.runs} runs against one server (${server.url}, ${options.nextStart ? "next start" : "serve.ts"}); idle RSS after the warm-up run ${rssMiB(server.pid).toFixed(0)} MiB`,
    );
    console.log(`  warm-up run (just started, not counted): ${describeRun(cold)}`);
    for (let r = 1; r <= options.runs; r++) {
      const run = await loadRun(server, options.candidates, options.answers);
      runs.push(run);
      console.log(`  run ${r}: ${describeRun(run)}`);
    }
    const first = runs[0]!.rssAfterMiB;
    const last = runs.at(-1)!.rssAfterMiB;
    console.log(
      `  idle RSS after run ${runs.length} vs after run 1: ${(((last - first) / first) * 100).toFixed(1)}% (${first.toFixed(0)} → ${last.toFixed(0)} MiB)`,
    );
  } finally {
    await server.stop();
  }
  return runs;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      candidates: { type: "string", default: "50" },
      answers: { type: "string", default: "5" },
      runs: { type: "string", default: "3" },
      port: { type: "string", default: "3195" },
      "database-url": { type: "string" },
      "skip-pglite": { type: "boolean", default: false },
      /** Serve with plain `next start` instead of scripts/serve.ts, to compare (no timeouts, no per-address limits). */
      "next-start": { type: "boolean", default: false },
      /** A server already running (its RSS read from --pid): only that one is measured. */
      url: { type: "string" },
      pid: { type: "string" },
    },
  });
  const options = {
    candidates: Number(values.candidates),
    answers: Number(values.answers),
    runs: Number(values.runs),
    nextStart: values["next-start"],
  };
  const port = Number(values.port);
  if (values.url) {
    if (!values.pid) throw new Error("--url needs --pid, the server's process id, to read its RSS");
    await backend("running server", port, null, options, { url: values.url, pid: Number(values.pid) });
    return 0;
  }
  if (!values["skip-pglite"]) await backend("PGlite", port, null, options);
  const pgUrl = values["database-url"] ?? process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const db = await throwawayDatabase(pgUrl);
    try {
      await backend("PostgreSQL", port, db.url, options);
    } finally {
      await db.drop();
    }
  } else {
    console.log("PostgreSQL: skipped (give --database-url, DATABASE_URL or TEST_DATABASE_URL)");
  }
  return 0;
}

runIfMain(import.meta.url, () => main());
