import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startServer, type TurnTiming } from "./bench-load";
import { get, newSession, sendAnswer } from "./bench-client";
import { runIfMain } from "./run-main";

/**
 * The interview route over HTTP against the production server (`npm run serve`): first one
 * candidate alone, each answer beside round trips to a bare route (an /api address no route has:
 * Next's routing and a small JSON response, nothing else) measured in the same run; then at a
 * given concurrency, time from submitting an answer to the first feedback part (the first
 * streamed key point) and to the complete assessment, and answers graded per second.
 * Needs `npm run build` first, or `--url` of a running server. On PGlite, or on PostgreSQL with
 * `--database-url` (an empty database it may write to, as bench-load's).
 */

/** The bare route: the catch-all 404 of app/api/[...path] (the browser bench's floor too). */
const BARE_ROUTE = "/api/bench-floor";
/** Answers of the one-candidate phase: fewer than a practice session's questions, so one session holds them. */
const ALONE_ANSWERS = 15;

async function bareRoundTrip(url: string): Promise<number> {
  const started = performance.now();
  await (await get(url, BARE_ROUTE)).text();
  return performance.now() - started;
}

type Timing = { firstFeedbackMs: number; assessmentMs: number };

const ANSWERS = readFileSync("eval/grading-dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);

let counter = 0;

/** Sends one answer and times the stream: first `data-keyPoint`, then `data-assessment`. */
async function answerOnce(url: string, session: { id: string; cookie: string }, text: string): Promise<Timing> {
  const started = performance.now();
  const response = await sendAnswer(url, session, `bench-${++counter}`, text);
  if (!response.ok) throw new Error(`POST /api/chat answered ${response.status}: ${await response.text()}`);
  let firstFeedbackMs = NaN;
  let assessmentMs = NaN;
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const bytes of response.body) {
    buffered += decoder.decode(bytes as Uint8Array, { stream: true });
    const now = performance.now() - started;
    if (Number.isNaN(firstFeedbackMs) && buffered.includes('"type":"data-keyPoint"')) firstFeedbackMs = now;
    if (Number.isNaN(assessmentMs) && buffered.includes('"type":"data-assessment"')) assessmentMs = now;
  }
  return { firstFeedbackMs, assessmentMs };
}

/**
 * `total` answers, an equal share per session (session j answers j, j + n, …), each session one
 * answer after another, all sessions at once. Fixed shares: taken on demand, a faster session took
 * more than a practice session holds and hit its end.
 */
async function answerConcurrently(url: string, sessions: Array<{ id: string; cookie: string }>, total: number): Promise<Timing[]> {
  const timings: Timing[] = [];
  await Promise.all(
    sessions.map(async (session, j) => {
      for (let i = j; i < total; i += sessions.length) timings.push(await answerOnce(url, session, ANSWERS[i % ANSWERS.length]!));
    }),
  );
  return timings;
}

function percentile(values: number[], p: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/**
 * What the route spent its time on, p50 of each phase and mark, from the server's own timing lines
 * (none when --url names a server started elsewhere); bench-browser prints them too.
 */
export function printTurnTimings(turns: TurnTiming[]): void {
  if (turns.length === 0) return;
  const line = (kind: "phases" | "marks") => {
    const names = [...new Set(turns.flatMap((t) => Object.keys(t[kind])))];
    return names
      .map(
        (name) =>
          `${name} ${percentile(
            turns.map((t) => t[kind][name] ?? NaN),
            0.5,
          ).toFixed(1)}`,
      )
      .join(", ");
  };
  console.log(`  in the server, p50 ms: ${line("phases")}`);
  console.log(`  since the request arrived, p50 ms: ${line("marks")}`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      port: { type: "string", default: "3190" },
      answers: { type: "string", default: "60" },
      concurrency: { type: "string", default: "4" },
      "database-url": { type: "string" },
    },
  });
  const server = values.url
    ? { url: values.url, turnTimings: [] as TurnTiming[], stop: async () => {} }
    : await startServer(Number(values.port), values["database-url"] ?? null, { nextStart: false, turnTimings: true });
  try {
    const total = Number(values.answers);
    const concurrency = Number(values.concurrency);
    // Warm-up, not timed: the first request opens the database and loads the grading artefacts, and
    // a server just started runs its code unoptimised until V8 has seen it often enough (with one
    // warm-up answer, the one-candidate phase below took 5.3× the bare route, grading p50 8.1 ms in
    // the server, against 2.7 ms in the concurrent phase after it; 2026-12-07). The first start and
    // first grading are bench-browser's cold-start figures.
    await answerConcurrently(server.url, await Promise.all(Array.from({ length: concurrency }, () => newSession(server.url))), total);
    server.turnTimings.splice(0);

    // One candidate alone: each answer beside three round trips to the bare route.
    const alone = await newSession(server.url);
    const aloneFirst: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < ALONE_ANSWERS; i++) {
      for (let k = 0; k < 3; k++) bare.push(await bareRoundTrip(server.url));
      aloneFirst.push((await answerOnce(server.url, alone, ANSWERS[(i + 1) % ANSWERS.length]!)).firstFeedbackMs);
    }
    const aloneTurns = server.turnTimings.splice(0);
    const bareP50 = percentile(bare, 0.5);
    const aloneP50 = percentile(aloneFirst, 0.5);
    console.log(`chat route alone (local judge, ${server.url}): ${ALONE_ANSWERS} answers, one at a time`);
    console.log(
      `  submit → first key point p50 ${aloneP50.toFixed(1)} ms; bare route round trip p50 ${bareP50.toFixed(1)} ms (${(aloneP50 / bareP50).toFixed(1)}×)`,
    );
    printTurnTimings(aloneTurns);

    // Practice mode: each answer is followed by a follow-up question; answering again grades the follow-up.
    const sessions = await Promise.all(Array.from({ length: concurrency }, () => newSession(server.url)));
    const started = performance.now();
    const timings = await answerConcurrently(server.url, sessions, total);
    const seconds = (performance.now() - started) / 1000;
    const first = timings.map((t) => t.firstFeedbackMs);
    const full = timings.map((t) => t.assessmentMs);
    console.log(`chat route (local judge, ${server.url}): ${timings.length} answers, concurrency ${concurrency}`);
    console.log(`  submit → first key point   p50 ${percentile(first, 0.5).toFixed(1)} ms  p99 ${percentile(first, 0.99).toFixed(1)} ms`);
    console.log(`  submit → full assessment   p50 ${percentile(full, 0.5).toFixed(1)} ms  p99 ${percentile(full, 0.99).toFixed(1)} ms`);
    console.log(`  throughput ${(timings.length / seconds).toFixed(1)} answers/s`);
    printTurnTimings(server.turnTimings.splice(0));
    return 0;
  } finally {
    await server.stop();
  }
}

runIfMain(import.meta.url, () => main());
