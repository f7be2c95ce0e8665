import { existsSync } from "node:fs";
import { main as benchChat } from "./bench-chat";
import { main as benchGrading } from "./bench-grading";
import { main as benchLlmPrompt } from "./bench-llm-prompt";
import { main as benchLoad } from "./bench-load";
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
const ms = (t: { p50: number; p99: number }) => `p50 ${t.p50} ms p99 ${t.p99} ms`;
console.log(`  seeded ${progress.answers} answers (+${progress.noiseAnswers} of other identities) in ${progress.seedMs} ms`);
console.log(`  whole page data ${ms(progress.overviewMs)}`);
for (const [part, t] of Object.entries(progress.partsMs)) console.log(`    ${part.padEnd(12)} ${ms(t)}`);
console.log(`  before review_state: reading every answer ${ms(progress.queryMs)}, then replaying FSRS ${ms(progress.replayMs)}`);
console.log("\n== Interview route over HTTP (production build)");
if (existsSync(".next/BUILD_ID")) await benchChat([]);
else console.log("  skipped: no production build; run `npm run build` first");
console.log("\n== 50 concurrent candidates × 5 answers, three runs against one server (production build)");
if (existsSync(".next/BUILD_ID")) await benchLoad([]);
else console.log("  skipped: no production build; run `npm run build` first");
