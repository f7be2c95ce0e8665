import { main as evalGrading } from "./eval-grading";
import { main as evalRetrieval } from "./eval-retrieval";

/**
 * `npm run eval`: retrieval figures for each mode and the local judge's grading figures, first on
 * the held-out sets written before any scoring (eval/*-extra.jsonl, eval/retrieval-holdout*.jsonl),
 * then on the development sets the choices were tuned on (last, so a `tail` shows them).
 */
let status = 0;
for (const file of ["eval/retrieval-extra.jsonl", "eval/retrieval-holdout2.jsonl", "eval/retrieval-holdout3.jsonl", "eval/retrieval-dev.jsonl"]) {
  console.log(`\n== Retrieval: ${file}`);
  status ||= await evalRetrieval(["--file", file]);
}
for (const file of ["eval/grading-extra.jsonl", "eval/grading-dev.jsonl"]) {
  console.log(`\n== Grading: ${file}`);
  status ||= await evalGrading(["--file", file]);
}
process.exitCode = status;
