import { main as benchGrading } from "./bench-grading";
import { main as benchLlmPrompt } from "./bench-llm-prompt";
import { main as benchSearch } from "./bench-search";

/** `npm run bench`: every benchmark, figures printed. Run one alone with `npx tsx scripts/bench-<name>.ts`. */
console.log("== Search index and queries");
await benchSearch([]);
console.log("\n== Local grading latency");
await benchGrading([]);
console.log("\n== LLM prompt size per grading call");
benchLlmPrompt([]);
