import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against the production build (`npm test` builds first).
 * Two servers: one offline (no OpenAI key: local judge, passage answers) and one pointed at a fake
 * OpenAI-compatible server, so the LLM path runs without a network or a real key.
 */

// REHEARSE_E2E_PORT_BASE moves every port, so two runs on one machine do not collide.
const PORT_BASE = Number(process.env.REHEARSE_E2E_PORT_BASE ?? 3100);
const OFFLINE_PORT = PORT_BASE;
const LLM_PORT = PORT_BASE + 1;
/** Progress e2e: a server whose clock runs REHEARSE_CLOCK_OFFSET_DAYS ahead, so answers come due. */
const PROGRESS_PORT = PORT_BASE + 2;
const FAKE_OPENAI_PORT = PORT_BASE + 910;
const FAKE_OPENAI = "tests/support/fake-openai.ts";

// Use the system Chromium where there is one (no browser download on CI boxes), else Playwright's own.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
export const chromiumLaunchOptions = {
  executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
};

// Each run gets a fresh database so tests never see another run's sessions. The config is read
// again by every worker: only the first read (no run id yet) clears earlier runs' databases, and
// only those over an hour old, so a run going on beside this one keeps its own.
if (!process.env.REHEARSE_E2E_RUN && existsSync(".data")) {
  for (const dir of readdirSync(".data")) {
    const full = `.data/${dir}`;
    if (dir.startsWith("e2e-") && Date.now() - statSync(full).mtimeMs > 3_600_000) rmSync(full, { recursive: true, force: true });
  }
}
const runId = process.env.REHEARSE_E2E_RUN ?? String(Date.now());
process.env.REHEARSE_E2E_RUN = runId;

// Servers inherit this environment: a developer's real key or base URL must not leak into the
// offline server (an empty OPENAI_BASE_URL also fails at module load, so unset rather than blank).
delete process.env.OPENAI_API_KEY;
delete process.env.OPENAI_BASE_URL;

// Every test comes from 127.0.0.1, so the per-address limits on sessions and chat turns would stop
// the suite, not a person: they are off here (the per-identity ones stay on). tests/e2e/limits.spec.ts
// hits the per-address device-link limit of the offline server, whose short window lets it recover.
const LIMITS_FOR_ONE_ADDRESS = { REHEARSE_LIMIT_SESSIONS_PER_ADDRESS: "0", REHEARSE_LIMIT_CHAT_PER_ADDRESS: "0" };
export const E2E_LINK_LIMIT = { perAddress: 3, windowSec: 4 };

const server = (port: number, env: Record<string, string>) => ({
  command: `npm run serve -- -p ${port}`,
  url: `http://127.0.0.1:${port}/`,
  reuseExistingServer: false,
  timeout: 120_000,
  stdout: "pipe" as const,
  env: { ...LIMITS_FOR_ONE_ADDRESS, ...env },
});

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  // The JSON report feeds the closing "N passed, N failed" line of CI (scripts/test-summary.mjs).
  reporter: [["list"], ["json", { outputFile: "test-reports/playwright.json" }]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: chromiumLaunchOptions,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "offline",
      testIgnore: [/\.llm\.spec\.ts$/, /progress\.spec\.ts$/],
      use: { baseURL: `http://127.0.0.1:${OFFLINE_PORT}` },
    },
    {
      name: "progress",
      testMatch: /progress\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${PROGRESS_PORT}` },
    },
    {
      name: "llm",
      testMatch: /\.llm\.spec\.ts$/,
      use: { baseURL: `http://127.0.0.1:${LLM_PORT}` },
    },
  ],
  webServer: [
    server(PROGRESS_PORT, {
      REHEARSE_DATA_DIR: `.data/e2e-progress-${runId}`,
      REHEARSE_CLOCK_OFFSET_DAYS: "3",
    }),
    // No OpenAI settings (removed from process.env above): the offline path.
    server(OFFLINE_PORT, {
      REHEARSE_DATA_DIR: `.data/e2e-offline-${runId}`,
      REHEARSE_LIMIT_LINKS_PER_ADDRESS: String(E2E_LINK_LIMIT.perAddress),
      REHEARSE_LIMIT_LINKS_WINDOW_SEC: String(E2E_LINK_LIMIT.windowSec),
      // Short, so tests/e2e/limits.spec.ts sees slow clients cut within seconds.
      REHEARSE_HEADERS_TIMEOUT_MS: "3000",
      REHEARSE_REQUEST_TIMEOUT_MS: "8000",
    }),
    {
      command: `npx tsx ${FAKE_OPENAI} --port ${FAKE_OPENAI_PORT}`,
      url: `http://127.0.0.1:${FAKE_OPENAI_PORT}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe" as const,
    },
    server(LLM_PORT, {
      REHEARSE_DATA_DIR: `.data/e2e-llm-${runId}`,
      OPENAI_API_KEY: "test",
      OPENAI_BASE_URL: `http://127.0.0.1:${FAKE_OPENAI_PORT}/v1`,
      // The fake's embeddings are a hash, not a model: keep the local ones for search.
      REHEARSE_EMBEDDINGS: "local",
    }),
  ],
});
