import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runIfMain } from "./run-main";

/**
 * The interview route under load, over HTTP against the production build (`next start`):
 * time from submitting an answer to the first feedback part (the first streamed key point) and
 * to the complete assessment, and answers graded per second at a given concurrency.
 * Needs `npm run build` first, or `--url` of a running server.
 */

type Timing = { firstFeedbackMs: number; assessmentMs: number };

const ANSWERS = readFileSync("eval/grading-dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);

async function startServer(port: number): Promise<{ url: string; stop: () => void }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-bench-"));
  const child: ChildProcess = spawn("npx", ["next", "start", "-p", String(port)], {
    env: { ...process.env, REHEARSE_DATA_DIR: dataDir, OPENAI_API_KEY: "", NODE_ENV: "production" },
    stdio: "ignore",
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/api/questions`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function newSession(url: string): Promise<{ id: string; cookie: string }> {
  const response = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ track: "all", mode: "practice" }),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const { session } = (await response.json()) as { session: { id: string } };
  return { id: session.id, cookie };
}

let counter = 0;

/** Sends one answer and times the stream: first `data-keyPoint`, then `data-assessment`. */
async function answerOnce(url: string, session: { id: string; cookie: string }, text: string): Promise<Timing> {
  const started = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie },
    body: JSON.stringify({
      sessionId: session.id,
      message: { id: `bench-${++counter}`, role: "user", parts: [{ type: "text", text }], metadata: { intent: "answer" } },
    }),
  });
  if (!response.ok || !response.body) throw new Error(`POST /api/chat answered ${response.status}`);
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

function percentile(values: number[], p: number): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string" },
      port: { type: "string", default: "3190" },
      answers: { type: "string", default: "60" },
      concurrency: { type: "string", default: "4" },
    },
  });
  const server = values.url ? { url: values.url, stop: () => {} } : await startServer(Number(values.port));
  try {
    const total = Number(values.answers);
    const concurrency = Number(values.concurrency);
    // Warm-up: the first request opens the database, runs migrations and loads the index.
    const warm = await newSession(server.url);
    await answerOnce(server.url, warm, ANSWERS[0]!);

    // Practice mode: each answer is followed by a follow-up question; answering again grades the follow-up.
    const sessions = await Promise.all(Array.from({ length: concurrency }, () => newSession(server.url)));
    const timings: Timing[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      sessions.map(async (session) => {
        while (next < total) {
          const i = next++;
          timings.push(await answerOnce(server.url, session, ANSWERS[i % ANSWERS.length]!));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const first = timings.map((t) => t.firstFeedbackMs);
    const full = timings.map((t) => t.assessmentMs);
    console.log(`chat route (local judge, ${server.url}): ${timings.length} answers, concurrency ${concurrency}`);
    console.log(`  submit → first key point   p50 ${percentile(first, 0.5).toFixed(1)} ms  p99 ${percentile(first, 0.99).toFixed(1)} ms`);
    console.log(`  submit → full assessment   p50 ${percentile(full, 0.5).toFixed(1)} ms  p99 ${percentile(full, 0.99).toFixed(1)} ms`);
    console.log(`  throughput ${(timings.length / seconds).toFixed(1)} answers/s`);
    return 0;
  } finally {
    server.stop();
  }
}

runIfMain(import.meta.url, () => main());
