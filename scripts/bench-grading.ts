import { readFileSync } from "node:fs";
import { getBank } from "@/lib/bank/load";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { runIfMain } from "./run-main";

/** Local judge latency over the dev answers, repeated: p50/p99 per grading after warm-up. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const rounds = Number(argv[0] ?? 20);
  const bank = getBank();
  const lines = readFileSync("eval/grading-dev.jsonl", "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { question: string; answer: string });
  const cases = lines.flatMap((l) => {
    const question = bank.find((q) => q.title === l.question);
    return question ? [{ question, points: rubricPoints(question), answer: l.answer }] : [];
  });

  const coldStart = performance.now();
  await localJudge.grade(cases[0]!);
  const cold = performance.now() - coldStart;

  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const t = performance.now();
      await localJudge.grade(c);
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  console.log(
    `local grading: ${times.length} gradings, first (cold) ${cold.toFixed(1)} ms, p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
  );
  return 0;
}

runIfMain(import.meta.url, () => main());
