import { main as evalAsk } from "./eval-ask";
import { main as evalGrading, printTargets, type FileResult } from "./eval-grading";
import { main as evalReplay } from "./eval-replay";
import { main as evalRetrieval } from "./eval-retrieval";
import { main as fitJudge } from "./fit-judge";

/**
 * `npm run eval`: retrieval figures for each mode, the offline ask figures, then grading: the local
 * judge on the sets written before any scoring, each by a helper who never saw the judge (newest
 * first; docs/grading.md and docs/retrieval.md record when each set was written and which changes it
 * was blind to) and those figures against the judge's targets, its leave-one-question-out figures on the dev sets it was fitted on, and the LLM
 * judge replayed through the fake OpenAI-compatible server (faithful and noisy quotes). Since 2026-12-04 every
 * retrieval set calibrates the coverage decision (`scripts/eval-ask.ts --calibrate`, reported
 * leave-one-set-out), so a set's out-of-bank figure here is no longer a held-out one.
 */
/** The query sets: held out first, then the dev sets (the lay holdouts have no facts: ask scores their first source only). */
const QUERY_SETS = [
  "eval/retrieval-test17.jsonl",
  "eval/retrieval-test16.jsonl",
  "eval/retrieval-test15.jsonl",
  "eval/retrieval-test14.jsonl",
  "eval/retrieval-test13.jsonl",
  "eval/retrieval-test12.jsonl",
  "eval/retrieval-test11.jsonl",
  "eval/retrieval-test10.jsonl",
  "eval/retrieval-test9.jsonl",
  "eval/retrieval-test8.jsonl",
  "eval/retrieval-test7.jsonl",
  "eval/retrieval-test6.jsonl",
  "eval/retrieval-test5.jsonl",
  "eval/retrieval-test4.jsonl",
  "eval/retrieval-test3.jsonl",
  "eval/retrieval-test.jsonl",
  "eval/retrieval-extra.jsonl",
  "eval/retrieval-holdout2.jsonl",
  "eval/retrieval-holdout3.jsonl",
  "eval/retrieval-dev.jsonl",
  "eval/retrieval-dev2.jsonl",
  "eval/retrieval-dev3.jsonl",
];

/** The held-out sets written after the judge took its present shape (2026-12-07: test19 on), the least tuned-for. */
const NEWEST_GRADING_SETS = 3;

let status = 0;
for (const file of QUERY_SETS) {
  console.log(`\n== Retrieval: ${file}`);
  status ||= await evalRetrieval(["--file", file]);
}
// Asking offline, on the same sets (dev: where the coverage threshold was set; dev2: comparisons and
// lay phrasings, written before the composition work it was tuned on).
for (const file of QUERY_SETS) {
  console.log(`\n== Ask (offline): ${file}`);
  status ||= await evalAsk(["--file", file]);
}
const heldOut: FileResult[] = [];
for (const file of [
  "eval/grading-test21.jsonl",
  "eval/grading-test20.jsonl",
  "eval/grading-test19.jsonl",
  "eval/grading-test18.jsonl",
  "eval/grading-test17.jsonl",
  "eval/grading-test16.jsonl",
  "eval/grading-test15.jsonl",
  "eval/grading-test14.jsonl",
  "eval/grading-test13.jsonl",
  "eval/grading-test12.jsonl",
  "eval/grading-test11.jsonl",
  "eval/grading-test10.jsonl",
  "eval/grading-test9.jsonl",
  "eval/grading-test8.jsonl",
  "eval/grading-test7.jsonl",
  "eval/grading-test6.jsonl",
  "eval/grading-test5.jsonl",
  "eval/grading-test4.jsonl",
  "eval/grading-test3.jsonl",
  "eval/grading-test2.jsonl",
  "eval/grading-test.jsonl",
  "eval/grading-extra.jsonl",
]) {
  console.log(`\n== Grading (held out): ${file}`);
  status ||= await evalGrading(["--file", file], undefined, heldOut);
}
console.log("\n== Grading: the local judge's targets on the held-out sets");
printTargets(heldOut, NEWEST_GRADING_SETS);
console.log("\n== Grading: LLM judge replay (eval/llm-replay.jsonl)");
status ||= await evalReplay();
console.log("\n== Grading: local judge on the dev sets, leave one question out");
status ||= await fitJudge();
process.exitCode = status;
