/**
 * Screenshots of the main screens for review: home, an answer with feedback, the summary, the
 * question bank and progress, at desktop and phone widths (light and dark for home and feedback),
 * and answers to questions asked to the interviewer (one the bank covers, one it does not).
 *
 *   npx next build && npx next start -p 3100 &   # a running server
 *   npx tsx scripts/screenshots.ts http://127.0.0.1:3100
 *
 * PNGs go to screenshots/ (gitignored).
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";

const OUT_DIR = path.resolve("screenshots");
const QUESTION_ID = "flask/application-factory-pattern-important";
const ANSWER =
  "So the factory pattern is basically a create_app function that builds the Flask app and returns it, instead of a global app. " +
  "Inside it you load the config, so you can have a different config for testing and production, and you register the blueprints. " +
  "I think it also makes testing easier since each test can make its own app.";

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
type Scheme = "light" | "dark";

// Same choice as playwright.config.ts: the system Chromium when present, else Playwright's own.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

async function newPage(browser: Browser, baseURL: string, viewport: ViewportName, colorScheme: Scheme): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: VIEWPORTS[viewport], colorScheme, deviceScaleFactor: 1, reducedMotion: "reduce" });
  return context.newPage();
}

async function save(page: Page, name: string): Promise<void> {
  const file = path.join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`saved ${path.relative(process.cwd(), file)}`);
}

/** Waits for the interviewer's reply to /api/chat to finish streaming and render. */
async function untilReplied(page: Page, action: () => Promise<void>): Promise<void> {
  const reply = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/chat" && r.request().method() === "POST");
  await action();
  await (await reply).finished();
  await page
    .getByTestId("pending")
    .waitFor({ state: "detached" })
    .catch(() => undefined);
}

async function answeredSession(page: Page): Promise<void> {
  const created = await page.request.post("/api/sessions", { data: { track: "flask", mode: "practice", questionId: QUESTION_ID } });
  if (created.status() !== 201) throw new Error(`POST /api/sessions answered ${created.status()}: ${await created.text()}`);
  const { session } = (await created.json()) as { session: { id: string } };
  await page.goto(`/interview/${session.id}`);
  await page.getByTestId("answer-box").fill(ANSWER);
  await untilReplied(page, () => page.getByTestId("send-button").click());
  await page.getByTestId("feedback").first().waitFor();
  // The model answer is markdown rendered a frame after the card (deferred): wait for its text.
  await page.getByTestId("improved-answer").filter({ hasText: /\w/ }).first().waitFor();
  await page.getByTestId("feedback").first().scrollIntoViewIfNeeded();
}

/** Asks the interviewer three questions mid-interview: two the bank answers, one it does not cover. */
async function askedSession(page: Page): Promise<void> {
  const created = await page.request.post("/api/sessions", { data: { track: "django", mode: "practice", questionId: "django/signals" } });
  if (created.status() !== 201) throw new Error(`POST /api/sessions answered ${created.status()}: ${await created.text()}`);
  const { session } = (await created.json()) as { session: { id: string } };
  await page.goto(`/interview/${session.id}`);
  for (const question of [
    // Typed in a hurry: read as the bank's words, answered under the question as typed.
    "whats the diffrence betwen select_related and prefetch_related in djagno?",
    // Quoted with its key points' label ("Request Flow:").
    "in django what happens between the browser asking for a page and the html coming back",
    "How do I configure Celery beat?",
  ]) {
    await page.getByTestId("intent-ask").check({ force: true });
    await page.getByTestId("answer-box").fill(question);
    await untilReplied(page, () => page.getByTestId("send-button").click());
  }
  await page.getByTestId("grounded-answer").first().scrollIntoViewIfNeeded();
}

async function main(): Promise<void> {
  const baseURL = process.argv[2] ?? "http://127.0.0.1:3100";
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    for (const viewport of Object.keys(VIEWPORTS) as ViewportName[]) {
      for (const scheme of ["light", "dark"] as const) {
        const home = await newPage(browser, baseURL, viewport, scheme);
        await home.goto("/");
        await home.getByTestId("start-session").waitFor();
        await save(home, `home-${viewport}-${scheme}`);
        await home.context().close();

        const interview = await newPage(browser, baseURL, viewport, scheme);
        await answeredSession(interview);
        await save(interview, `feedback-${viewport}-${scheme}`);
        if (scheme === "light") {
          await untilReplied(interview, () => interview.getByTestId("control-end").click());
          await interview.getByTestId("summary").scrollIntoViewIfNeeded();
          await save(interview, `summary-${viewport}`);

          await interview.goto("/questions");
          await interview.getByTestId("question-row").first().waitFor();
          await save(interview, `questions-${viewport}`);

          // The same browser's progress: the answer just given, its chart and the points now due.
          await interview.goto("/progress");
          await interview.locator("main").waitFor();
          await interview.waitForLoadState("networkidle");
          await save(interview, `progress-${viewport}`);
        }
        if (viewport === "desktop" && scheme === "light") {
          const asked = await newPage(browser, baseURL, viewport, scheme);
          await askedSession(asked);
          await save(asked, "ask-desktop-light");
          await asked.context().close();
        }
        if (viewport === "desktop") {
          // One question page per scheme: the code highlighting theme must read in both.
          await interview.goto(`/questions/${QUESTION_ID}`);
          await save(interview, `question-desktop-${scheme}`);
        }
        await interview.context().close();
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
