/**
 * Grades every labelled answer of eval/grading-dev.jsonl and compares with the human scores:
 * Spearman, band accuracy, mean absolute error, bias per kind, the length-only baseline, and
 * off-topic/injection answers scored above their worth.
 *   npx tsx scripts/eval-grading.ts [--file eval/grading-dev.jsonl] [--verbose]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { getBank } from "@/lib/bank/load";
import { bandOf, type Assessment } from "@/lib/grading/assessment";
import type { Judge } from "@/lib/grading/judge";
import { localJudge } from "@/lib/grading/local-judge";
import { rubricPoints } from "@/lib/grading/rubric";
import { runIfMain } from "./run-main";

const labelledSchema = z.object({
  id: z.string().optional(),
  question: z.string(),
  answer: z.string(),
  score: z.number().min(0).max(10),
  band: z.string(),
  kind: z.string(),
});
export type Labelled = z.infer<typeof labelledSchema>;

export interface GradedRow extends Labelled {
  predicted: number;
  assessment: Assessment;
  ms: number;
}

/** Ranks from 1, ties sharing their mean rank. */
export function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let j = k;
    while (j + 1 < order.length && order[j + 1]!.x === order[k]!.x) j++;
    for (let m = k; m <= j; m++) r[order[m]!.i] = (k + j) / 2 + 1;
    k = j + 1;
  }
  return r;
}

export function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : 0;
}

export function loadLabelled(file: string): Labelled[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = labelledSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export async function gradeAll(rows: Labelled[], judge: Judge): Promise<GradedRow[]> {
  const bank = getBank();
  const out: GradedRow[] = [];
  for (const row of rows) {
    const question = bank.find((q) => q.title === row.question);
    if (!question) throw new Error(`no bank question titled "${row.question}"`);
    const t0 = performance.now();
    const assessment = await judge.grade({ question, points: rubricPoints(question), answer: row.answer });
    out.push({ ...row, predicted: assessment.score, assessment, ms: performance.now() - t0 });
  }
  return out;
}

/** Off-topic answers may earn at most 1; injection at most 2 unless the human says the remaining content earns more. */
function overWorth(r: GradedRow): boolean {
  return overWorthBy(r) > 0;
}

/** How far an off-topic or injection answer is graded above its worth (0 for any other kind). */
function overWorthBy(r: GradedRow): number {
  if (r.kind === "offtopic") return r.predicted - 1;
  if (r.kind === "injection") return r.predicted - Math.max(2, r.score);
  return 0;
}

/** One labelled file graded: its rows, for the per-file report and for the summary over files (printTargets). */
export interface FileResult {
  file: string;
  rows: GradedRow[];
  spearman: number;
  bandAccuracy: number;
}

export async function main(argv: string[] = process.argv.slice(2), judge: Judge = localJudge, results?: FileResult[]): Promise<number> {
  const fileArg = argv.indexOf("--file");
  const file = fileArg >= 0 && argv[fileArg + 1] ? argv[fileArg + 1]! : path.join("eval", "grading-dev.jsonl");
  const verbose = argv.includes("--verbose");
  const rows = await gradeAll(loadLabelled(file), judge);

  const human = rows.map((r) => r.score);
  const predicted = rows.map((r) => r.predicted);
  const lengths = rows.map((r) => r.answer.length);
  const mae = rows.reduce((s, r) => s + Math.abs(r.predicted - r.score), 0) / rows.length;
  const bandAccuracy = rows.filter((r) => bandOf(r.predicted) === bandOf(r.score)).length / rows.length;
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);

  if (verbose) {
    for (const r of rows) {
      const marks = r.assessment.keyPoints.map((k) => ({ covered: "C", partial: "p", missed: ".", contradicted: "X" })[k.verdict]).join("");
      console.log(
        `${(r.id ?? "").padEnd(5)} ${r.kind.padEnd(13)} human ${String(r.score).padStart(2)} local ${String(r.predicted).padStart(2)} ${marks.padEnd(14)} err ${r.assessment.errors.length} ${r.assessment.offTopic ? "OFF" : "   "} ${r.assessment.injectionDetected ? "INJ" : "   "} ${r.question.slice(0, 40)}`,
      );
    }
    console.log();
  }

  console.log(`judge: ${judge.kind}   answers: ${rows.length}   file: ${file}`);
  const rho = spearman(predicted, human);
  console.log(`Spearman with human scores: ${rho.toFixed(3)}   (length-only baseline: ${spearman(lengths, human).toFixed(3)})`);
  console.log(`band accuracy: ${bandAccuracy.toFixed(3)}   mean absolute error: ${mae.toFixed(2)}`);
  console.log(`latency per grading: p50 ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`);
  console.log("\nkind            n   human  predicted  bias (pred − human)  MAE");
  const kinds = [...new Set(rows.map((r) => r.kind))];
  for (const kind of kinds) {
    const rs = rows.filter((r) => r.kind === kind);
    const avg = (f: (r: GradedRow) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    console.log(
      `${kind.padEnd(14)} ${String(rs.length).padStart(2)}   ${avg((r) => r.score)
        .toFixed(2)
        .padStart(5)}  ${avg((r) => r.predicted)
        .toFixed(2)
        .padStart(9)}  ${avg((r) => r.predicted - r.score)
        .toFixed(2)
        .padStart(18)}  ${avg((r) => Math.abs(r.predicted - r.score))
        .toFixed(2)
        .padStart(5)}`,
    );
  }
  const over = rows.filter(overWorth);
  console.log(`\noff-topic/injection answers over their worth: ${over.length}`);
  for (const r of over) console.log(`  ${r.id ?? ""} ${r.kind}: human ${r.score}, predicted ${r.predicted} — ${r.answer.slice(0, 80).replace(/\s+/g, " ")}`);
  results?.push({ file, rows, spearman: rho, bandAccuracy });
  return 0;
}

/** The local judge's targets on answers it has never seen (issue: a local judge that grades unseen answers like an interviewer). */
const TARGETS = { spearman: 0.85, bandAccuracy: 0.75, misconceptionBias: 1.5, paraphraseBias: -1.5 };

/**
 * The held-out figures against the targets: the mean over sets of Spearman and band accuracy, the
 * misconception and paraphrase bias pooled over their answers, and off-topic or injection answers
 * above their worth; for every set, and for the newest `newest` (the ones written after the judge
 * took its present shape, so the least tuned-for).
 */
export function printTargets(results: FileResult[], newest: number): void {
  const line = (label: string, rs: FileResult[]) => {
    const mean = (f: (r: FileResult) => number) => rs.reduce((s, r) => s + f(r), 0) / rs.length;
    const rows = rs.flatMap((r) => r.rows);
    const bias = (kind: string) => {
      const of = rows.filter((r) => r.kind === kind);
      return of.length ? of.reduce((s, r) => s + r.predicted - r.score, 0) / of.length : NaN;
    };
    const signed = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(2)}`;
    const met = (ok: boolean) => (ok ? "met" : "not met");
    const rho = mean((r) => r.spearman);
    const band = mean((r) => r.bandAccuracy);
    const mis = bias("misconception");
    const para = bias("paraphrase");
    const over = rows.filter(overWorth).length;
    // Labels are often half points (the mean of two labellers) and the judge's scores whole ones.
    const overByAPoint = rows.filter((r) => overWorthBy(r) >= 1).length;
    console.log(
      `${label} (${rs.length} sets, ${rows.length} answers): Spearman ${rho.toFixed(3)} (≥ ${TARGETS.spearman}: ${met(rho >= TARGETS.spearman)}), ` +
        `band accuracy ${band.toFixed(3)} (≥ ${TARGETS.bandAccuracy}: ${met(band >= TARGETS.bandAccuracy)}), ` +
        `misconception bias ${signed(mis)} (≤ +${TARGETS.misconceptionBias}: ${met(mis <= TARGETS.misconceptionBias)}), ` +
        `paraphrase bias ${signed(para)} (≥ ${TARGETS.paraphraseBias}: ${met(para >= TARGETS.paraphraseBias)}), ` +
        `off-topic/injection over their worth ${over} (by a point or more ${overByAPoint}, of ${rows.filter((r) => r.kind === "offtopic" || r.kind === "injection").length})`,
    );
  };
  line("all held-out sets", results);
  line(`the newest ${newest}`, results.slice(0, newest));
}

runIfMain(import.meta.url, () => main());
