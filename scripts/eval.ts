import { main as evalGrading } from "./eval-grading";
import { main as evalRetrieval } from "./eval-retrieval";

/** `npm run eval`: retrieval figures for each mode, then the local judge's grading figures. */
console.log("== Retrieval (eval/retrieval-dev.jsonl)");
const retrieval = await evalRetrieval([]);
console.log("\n== Grading (eval/grading-dev.jsonl)");
const grading = await evalGrading([]);
process.exitCode = retrieval || grading;
