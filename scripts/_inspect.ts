import { readFileSync } from "node:fs";
import { getBank } from "../lib/bank/load";
import { gradeLocally } from "../lib/grading/local-judge";
import { rubricPoints } from "../lib/grading/rubric";
import { depthOf } from "../lib/grading/local/depth";
const [file, kinds] = [process.argv[2]!, process.argv[3]!.split(",")];
const bank = getBank();
for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
  const row = JSON.parse(line);
  if (!kinds.includes(row.kind)) continue;
  const q = bank.find((x) => x.title === row.question)!;
  const a = gradeLocally({ question: q, answer: row.answer, points: rubricPoints(q) } as any);
  console.log(`\n## ${row.id} ${row.kind} human ${row.score} pred ${a.score} offTopic ${a.offTopic} depth ${JSON.stringify(depthOf(row.answer))}  [${q.id}]`);
  console.log(row.answer.slice(0, 400));
  for (const k of a.keyPoints) console.log(`  ${k.core ? "C" : "x"} ${k.verdict.padEnd(12)} ${(k.label ?? k.text).slice(0, 50).padEnd(50)} | ${k.evidence.slice(0, 70)}`);
  for (const e of a.errors) console.log(`  ERR ${e.claim.slice(0, 80)} => ${e.correction.slice(0, 90)}`);
}
