import { existsSync } from "node:fs";
import { main as benchChat } from "./bench-chat";
import { main as benchGrading } from "./bench-grading";
import { main as benchLlmPrompt } from "./bench-llm-prompt";
import { main as benchProgress } from "./bench-progress";
import { main as benchSearch } from "./bench-search";

/** `npm run bench`: every benchmark, figures printed. Run one alone with `npx tsx scripts/bench-<name>.ts`. */
console.log("== Search index and queries");
await benchSearch([]);
console.log("\n== Local grading latency");
await benchGrading([]);
console.log("\n== LLM prompt size per grading call");
benchLlmPrompt([]);
console.log("\n== Progress page data with 10,000 stored answers (PGlite)");
const progress = await benchProgress(["--answers", "10000", "--runs", "10"]);
console.log(
  `  seeded ${progress.answers} answers (+${progress.noiseAnswers} of other identities) in ${progress.seedMs} ms; ` +
    `answers query p50 ${progress.queryMs.p50} ms p99 ${progress.queryMs.p99} ms; ` +
    `whole page data p50 ${progress.overviewMs.p50} ms p99 ${progress.overviewMs.p99} ms`,
);
console.log("\n== Interview route over HTTP (production build)");
if (existsSync(".next/BUILD_ID")) await benchChat([]);
else console.log("  skipped: no production build; run `npm run build` first");
