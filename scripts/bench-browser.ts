import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { startServer, type TurnTiming } from "./bench-load";
import { printTurnTimings } from "./bench-chat";
import { newSession, sendAnswer } from "./bench-client";
import { runIfMain } from "./run-main";

/**
 * What a candidate sees, in headless Chromium against the production server (`npm run serve`,
 * started by the same helper as scripts/bench-load.ts): one practice session of --answers answers,
 * each typed and sent with Enter. Printed:
 *
 * - Enter → the request leaving the page, → the response's first byte, → first key point on screen,
 *   → score on screen (p50/p90), beside the page's own round trip to a trivial route (/api/<none>: a
 *   404 that does no work), measured from the same page in the same run, and the ratio to it;
 * - where the server spent those turns (its REHEARSE_TURN_TIMINGS lines, as bench-chat prints them):
 *   on this 2-core machine Chromium's work for each turn competes with the server's for the cores,
 *   so its phases are slower here than with bench-chat's client alone;
 * - Enter → score in the first third of the session against the last third (does it grow with the
 *   conversation?);
 * - the interview page's first-load JavaScript (compressed bytes as transferred) and whether the
 *   markdown highlighter or the charts library is among it;
 * - cold start: spawn → server answering, → first interview page served, and the first answer's
 *   grading after start over HTTP (submit → assessment), before anything else warmed it; the data
 *   directory as `npm run build` leaves it (its empty database placed), or with --copy-at-start
 *   without a database, so that the server copies the template first.
 *
 *   npx tsx scripts/bench-browser.ts [--answers 20] [--port 3196] [--copy-at-start]
 *
 * Needs `npm run build` first. Not a test: nothing here asserts a time.
 */

const ANSWERS = readFileSync("eval/grading-dev.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);

const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const TRIVIAL_ROUTE = "/api/bench-floor";

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}
const round = (ms: number) => Math.round(ms);

/**
 * Installed in the page before its own scripts: on Enter in the answer box, notes the time and the
 * number of scores and live key points already shown; a MutationObserver then notes when a new one
 * appears. Times are performance.now() of the page, so they compare with the resource timings.
 */
function installProbe(): void {
  type Turn = { enter: number; scores: number; keyPoints: number; keyPoint?: number; score?: number };
  const w = window as unknown as { __turns: Turn[] };
  w.__turns = [];
  const count = (selector: string) => document.querySelectorAll(selector).length;
  const keyPointSelector = '[data-testid="live-key-points"] [data-verdict], [data-testid="feedback"] [data-verdict]';
  document.addEventListener(
    "keydown",
    (event) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "Enter" || event.shiftKey || target?.dataset.testid !== "answer-box") return;
      w.__turns.push({ enter: performance.now(), scores: count('[data-testid="score"]'), keyPoints: count(keyPointSelector) });
    },
    true,
  );
  new MutationObserver(() => {
    const turn = w.__turns.at(-1);
    if (!turn || turn.score !== undefined) return;
    const now = performance.now();
    if (turn.keyPoint === undefined && count(keyPointSelector) > turn.keyPoints) turn.keyPoint = now;
    if (count('[data-testid="score"]') > turn.scores) {
      turn.score = now;
      turn.keyPoint ??= now;
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

interface PageTiming {
  requestMs: number;
  firstByteMs: number;
  keyPointMs: number;
  scoreMs: number;
}

async function pageRoundTrips(page: Page, n: number): Promise<number[]> {
  return page.evaluate(
    async ({ route, n }) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const started = performance.now();
        await (await fetch(route, { cache: "no-store" })).text();
        times.push(performance.now() - started);
      }
      return times;
    },
    { route: TRIVIAL_ROUTE, n },
  );
}

async function answerOnce(page: Page, text: string, index: number): Promise<PageTiming> {
  const box = page.getByTestId("answer-box");
  await box.fill(text);
  const reply = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/chat" && r.request().method() === "POST");
  await box.press("Enter");
  await (await reply).finished();
  await page
    .waitForFunction((i) => (window as unknown as { __turns: { score?: number }[] }).__turns[i]?.score !== undefined, index)
    .catch(async (error: unknown) => {
      const last = await page.getByRole("list", { name: "Interview conversation" }).locator("> li").last().textContent();
      const turns = await page.evaluate(() => JSON.stringify((window as unknown as { __turns: unknown }).__turns));
      throw new Error(`answer ${index + 1} showed no score (${turns}); the conversation ends with:\n${(last ?? "").slice(0, 200)}`, { cause: error });
    });
  // The composer is back once the stream has ended and React has settled.
  await page
    .getByTestId("pending")
    .waitFor({ state: "detached" })
    .catch(() => undefined);
  return page.evaluate((i) => {
    const turn = (window as unknown as { __turns: { enter: number; keyPoint: number; score: number }[] }).__turns[i]!;
    const chat = performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname === "/api/chat")
      .at(-1);
    return {
      requestMs: chat ? chat.startTime - turn.enter : NaN,
      firstByteMs: chat instanceof PerformanceResourceTiming ? chat.responseStart - turn.enter : NaN,
      keyPointMs: turn.keyPoint - turn.enter,
      scoreMs: turn.score - turn.enter,
    };
  }, index);
}

/**
 * The first interview served (a session started, its page fetched) and the first grading after
 * start, over HTTP, before anything else warmed the server.
 */
async function coldStart(url: string): Promise<{ firstPageMs: number; firstGradingMs: number }> {
  const pageStarted = performance.now();
  const session = await newSession(url);
  const page = await fetch(`${url}/interview/${session.id}`, { headers: { cookie: session.cookie } });
  await page.text();
  if (!page.ok) throw new Error(`GET /interview answered ${page.status}`);
  const firstPageMs = performance.now() - pageStarted;
  const started = performance.now();
  const response = await sendAnswer(url, session, "bench-cold-1", ANSWERS[0]!);
  const body = await response.text();
  if (!response.ok || !body.includes('"type":"data-assessment"')) throw new Error(`POST /api/chat answered ${response.status}`);
  return { firstPageMs, firstGradingMs: performance.now() - started };
}

export interface BrowserFigures {
  readyMs: number;
  /** The server copied the database template at start (--copy-at-start) rather than opening the one the build placed. */
  databaseCopiedAtStart: boolean;
  /** Serving → a session started and its interview page served. */
  firstPageMs: number;
  firstGradingMs: number;
  floorMs: number;
  requestMs: { p50: number; p90: number };
  firstByteMs: { p50: number; p90: number };
  keyPointMs: { p50: number; p90: number };
  scoreMs: { p50: number; p90: number };
  /** Answers measured: --answers, or fewer when the session ran out of questions. */
  answered: number;
  firstThirdMs: number;
  lastThirdMs: number;
  firstLoadScriptBytes: number;
  firstLoadScripts: number;
  highlighterInFirstLoad: boolean;
  chartsInFirstLoad: boolean;
  /** The server's own timings of the measured turns. */
  serverTurns: TurnTiming[];
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<BrowserFigures> {
  const { values } = parseArgs({
    args: argv,
    options: { answers: { type: "string", default: "20" }, port: { type: "string", default: "3196" }, "copy-at-start": { type: "boolean", default: false } },
  });
  if (!existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` first");
  const answers = Number(values.answers);
  const copyAtStart = values["copy-at-start"];
  const server = await startServer(Number(values.port), null, { nextStart: false, copyAtStart, turnTimings: true });
  const browser = await chromium.launch({
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const cold = await coldStart(server.url);
    server.turnTimings.splice(0);

    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
    // As source text, with the helper tsx's transform calls in named functions (`__name`) defined:
    // passed as a function, the probe stopped at its first named arrow in the page, which has no such helper.
    await context.addInitScript({ content: `var __name = (f) => f; (${installProbe.toString()})();` });
    const page = await context.newPage();
    const session = await page.request.post("/api/sessions", { data: { track: "all", mode: "practice" } });
    if (session.status() !== 201) throw new Error(`POST /api/sessions answered ${session.status()}`);
    const { session: created } = (await session.json()) as { session: { id: string } };

    // First-load JavaScript: every script the interview page fetches before it is idle, as transferred.
    const scripts: { url: string; bytes: Promise<number>; body: Promise<string> }[] = [];
    const onResponse = (response: import("@playwright/test").Response) => {
      if (response.request().resourceType() !== "script") return;
      scripts.push({
        url: response.url(),
        bytes: response
          .request()
          .sizes()
          .then((s) => s.responseBodySize),
        body: response.text().catch(() => ""),
      });
    };
    page.on("response", onResponse);
    await page.goto(`/interview/${created.id}`, { waitUntil: "networkidle" });
    page.off("response", onResponse);
    const bodies = await Promise.all(scripts.map((s) => s.body));
    const firstLoadScriptBytes = (await Promise.all(scripts.map((s) => s.bytes))).reduce((a, b) => a + b, 0);

    await pageRoundTrips(page, 5); // warm the connection and the route
    const floor: number[] = [];
    const turns: PageTiming[] = [];
    for (let i = 0; i < answers; i++) {
      // A session ends with its last question: the figures are then over the answers it had.
      if ((await page.getByTestId("answer-box").count()) === 0) break;
      turns.push(await answerOnce(page, ANSWERS[(i + 1) % ANSWERS.length]!, i));
      floor.push(...(await pageRoundTrips(page, 3)));
    }

    const serverTurns = server.turnTimings.splice(0);
    const pick = (key: keyof PageTiming) => turns.map((t) => t[key]);
    const spread = (xs: number[]) => ({ p50: round(median(xs)), p90: round(quantile(xs, 0.9)) });
    const third = Math.max(1, Math.floor(turns.length / 3));
    return {
      readyMs: server.readyMs,
      databaseCopiedAtStart: copyAtStart,
      firstPageMs: round(cold.firstPageMs),
      firstGradingMs: round(cold.firstGradingMs),
      floorMs: Math.round(median(floor) * 10) / 10,
      requestMs: spread(pick("requestMs")),
      firstByteMs: spread(pick("firstByteMs")),
      keyPointMs: spread(pick("keyPointMs")),
      scoreMs: spread(pick("scoreMs")),
      answered: turns.length,
      firstThirdMs: round(median(pick("scoreMs").slice(0, third))),
      lastThirdMs: round(median(pick("scoreMs").slice(-third))),
      firstLoadScriptBytes,
      firstLoadScripts: scripts.length,
      // Class names only these libraries put in their code.
      highlighterInFirstLoad: bodies.some((b) => b.includes("hljs-")),
      chartsInFirstLoad: bodies.some((b) => b.includes("recharts-")),
      serverTurns,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function print(f: BrowserFigures): void {
  const ratio = (ms: number) => `${(ms / f.floorMs).toFixed(1)}× floor`;
  console.log(
    `  cold start (${f.databaseCopiedAtStart ? "database copied from the template at start" : "database placed by the build"}): spawn → serving ${f.readyMs} ms;` +
      ` → first interview page served ${f.readyMs + f.firstPageMs} ms (session + page ${f.firstPageMs} ms); first grading after start (submit → assessment) ${f.firstGradingMs} ms`,
  );
  console.log(`  floor: the page's round trip to a trivial route, p50 ${f.floorMs} ms`);
  console.log(`  Enter → request leaves    p50 ${f.requestMs.p50} ms  p90 ${f.requestMs.p90} ms`);
  console.log(`  Enter → first byte back   p50 ${f.firstByteMs.p50} ms  p90 ${f.firstByteMs.p90} ms`);
  console.log(`  Enter → first key point   p50 ${f.keyPointMs.p50} ms  p90 ${f.keyPointMs.p90} ms  (${ratio(f.keyPointMs.p50)})`);
  console.log(`  Enter → score on screen   p50 ${f.scoreMs.p50} ms  p90 ${f.scoreMs.p90} ms  (${ratio(f.scoreMs.p50)})`);
  printTurnTimings(f.serverTurns);
  console.log(
    `  score, first third vs last third of ${f.answered} answers: ${f.firstThirdMs} ms → ${f.lastThirdMs} ms (${(f.lastThirdMs / f.firstThirdMs).toFixed(2)}×)`,
  );
  console.log(
    `  interview page first-load JavaScript: ${(f.firstLoadScriptBytes / 1024).toFixed(1)} KiB compressed in ${f.firstLoadScripts} scripts;` +
      ` highlighter ${f.highlighterInFirstLoad ? "included" : "not loaded"}, charts ${f.chartsInFirstLoad ? "included" : "not loaded"}`,
  );
}

runIfMain(import.meta.url, async () => print(await main()));
