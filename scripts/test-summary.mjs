#!/usr/bin/env node
// Prints one closing line for CI from the Vitest and Playwright JSON reports written by `npm test`:
// "tests: N passed, N failed, N skipped". Exits non-zero when a report is missing or counts nothing,
// so a run that executed no test can never look green.
import { existsSync, readFileSync } from "node:fs";

const reports = { vitest: "test-reports/vitest.json", playwright: "test-reports/playwright.json" };
let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;

for (const [runner, file] of Object.entries(reports)) {
  if (!existsSync(file)) {
    console.error(`${runner}: no report at ${file} (did it run?)`);
    ok = false;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  let p = 0;
  let f = 0;
  let s = 0;
  if (runner === "vitest") {
    p = report.numPassedTests;
    f = report.numFailedTests;
    s = report.numPendingTests + report.numTodoTests;
  } else {
    p = report.stats.expected + report.stats.flaky;
    f = report.stats.unexpected;
    s = report.stats.skipped;
  }
  console.log(`${runner}: ${p} passed, ${f} failed, ${s} skipped`);
  if (p === 0) ok = false;
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);
