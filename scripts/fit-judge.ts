/**
 * Fits the local judge's few parameters (decision bars in local/decide.ts, the shared score
 * function's in score.ts) on the labelled dev sets by grid search, and reports them honestly:
 * leave-one-question-out (each question's answers scored with parameters fitted on the other 15),
 * beside the length-only baseline. The profile of every answer is computed once; only decisions
 * and scores are recomputed per setting.
 *   npx tsx scripts/fit-judge.ts            # cross-validated figures and the all-data fit
 *   npx tsx scripts/fit-judge.ts --file A.jsonl --file B.jsonl …   # on other labelled sets
 */
import { parseArgs } from "node:util";
import { getBank } from "@/lib/bank/load";
import { bandOf } from "@/lib/grading/assessment";
import { detectInjection } from "@/lib/grading/injection";
import { decideProfile, type LocalJudgeParams } from "@/lib/grading/local-judge";
import type { DecisionParams } from "@/lib/grading/local/decide";
import { computeScore, type ScoreParams } from "@/lib/grading/score";
import { getMatcher } from "@/lib/grading/local/matcher";
import { profileAnswer } from "@/lib/grading/local/profile";
import { rubricPoints } from "@/lib/grading/rubric";
import { loadLabelled, ranks, spearman, type Labelled } from "./eval-grading";
import { runIfMain } from "./run-main";

export const DEV_FILES = ["eval/grading-dev.jsonl", "eval/grading-dev2.jsonl", "eval/grading-dev3.jsonl", "eval/grading-dev4.jsonl"];

/** Decision settings × score settings: decisions are computed once per decision setting, scores from them. */
function decisionGrid(): DecisionParams[] {
  const out: DecisionParams[] = [];
  for (const covered of [0.9, 1])
    for (const partial of [0.4, 0.5])
      for (const misconception of [0.55, 0.65])
        for (const classifierBar of [0.8, 0.95])
          for (const offTopicLean of [0.06, 0.08])
            for (const agreement of [0, 0.3])
              for (const elaborationShare of [0.3, 0.5, 0.7])
                out.push({
                  covered,
                  partial,
                  nearMargin: 0,
                  misconception,
                  misMargin: 0.05,
                  elsewhereMargin: 0.05,
                  offTopicLean,
                  classifierBar,
                  agreement,
                  misClassifier: 0.8,
                  elaborationShare,
                });
  return out;
}

function scoreGrid(): ScoreParams[] {
  const out: ScoreParams[] = [];
  for (const [elaborationSlope, elaborationAt8] of [[0, 40], ...[1.5, 2, 2.5].flatMap((s) => [25, 40, 60].map((at) => [s, at]))] as const)
    for (const elaborationSlopeAbove of elaborationSlope === 0 ? [0] : [elaborationSlope, 4, 5, 6])
      for (const curve of [0.8, 1, 1.2])
        for (const depthPoints of [0, 1.5])
          for (const [oneWrongCap, twoWrongCap] of [
            [6, 4],
            [5, 3],
          ] as const)
            for (const wrongIdeaCost of [1, 2])
              out.push({
                elaborationSlope,
                elaborationSlopeAbove,
                elaborationAt8,
                curve,
                extraWeight: 0.1,
                depthPoints,
                wrongIdeaCost,
                oneWrongCap,
                twoWrongCap,
              });
  return out;
}

export interface Metrics {
  n: number;
  spearman: number;
  bandAccuracy: number;
  mae: number;
  bias: Map<string, number>;
}

export function metricsOf(rows: Labelled[], predicted: number[]): Metrics {
  const bias = new Map<string, number[]>();
  rows.forEach((r, i) => {
    bias.set(r.kind, [...(bias.get(r.kind) ?? []), predicted[i]! - r.score]);
  });
  return {
    n: rows.length,
    spearman: spearman(
      predicted,
      rows.map((r) => r.score),
    ),
    bandAccuracy: rows.filter((r, i) => bandOf(predicted[i]!) === bandOf(r.score)).length / rows.length,
    mae: rows.reduce((s, r, i) => s + Math.abs(predicted[i]! - r.score), 0) / rows.length,
    bias: new Map([...bias].map(([k, v]) => [k, v.reduce((s, x) => s + x, 0) / v.length])),
  };
}

export function formatMetrics(label: string, m: Metrics, lengthSpearman: number): string {
  const bias = [...m.bias].map(([k, v]) => `${k} ${v >= 0 ? "+" : ""}${v.toFixed(2)}`).join(", ");
  return `${label} (n=${m.n}): Spearman ${m.spearman.toFixed(3)}, band accuracy ${m.bandAccuracy.toFixed(3)}, MAE ${m.mae.toFixed(2)} (length alone: Spearman ${lengthSpearman.toFixed(3)})\n  bias by kind: ${bias}`;
}

export function lengthSpearman(rows: Labelled[]): number {
  return spearman(
    rows.map((r) => r.answer.split(/\s+/).length),
    rows.map((r) => r.score),
  );
}

/** Scores of every row under every setting (settings × rows), in the order of `settings`. */
function scoreMatrix(rows: Labelled[]): { settings: LocalJudgeParams[]; matrix: Float32Array[] } {
  const bank = getBank();
  const matcher = getMatcher();
  const prepared = rows.map((r) => {
    const question = bank.find((q) => q.title === r.question);
    if (!question) throw new Error(`no bank question titled "${r.question}"`);
    const gradable = detectInjection(r.answer).remaining;
    return { input: { question, points: rubricPoints(question), answer: r.answer }, gradable, profile: profileAnswer(matcher, question.id, gradable) };
  });
  const settings: LocalJudgeParams[] = [];
  const matrix: Float32Array[] = [];
  const scores = scoreGrid();
  for (const decision of decisionGrid()) {
    const decided = prepared.map((p) => decideProfile(p.input, p.gradable, p.profile, decision).scoreInput);
    for (const score of scores) {
      settings.push({ decision, score });
      matrix.push(Float32Array.from(decided.map((d) => computeScore(d, score).score)));
    }
  }
  return { settings, matrix };
}

/**
 * The setting whose scores on the rows in use best match their labels by what the judge is held to:
 * Spearman plus band accuracy (the loss is their negated sum). Until 2026-12-07 the loss was the
 * mean absolute error plus a point per band crossed, which rewards moving scores towards the middle
 * as much as ordering them: leave-one-question-out on the four dev sets, 0.833 / 0.724 with it
 * against 0.850 / 0.727 with this loss (docs/grading.md). Scores are whole numbers 0–10, so the
 * ranks of a setting's scores come from a histogram, not a sort.
 */
function bestSetting(matrix: Float32Array[], rows: Labelled[], use: (i: number) => boolean): number {
  const used = rows.flatMap((_, i) => (use(i) ? [i] : []));
  const labels = used.map((i) => rows[i]!.score);
  const labelBands = labels.map(bandOf);
  const labelRanks = ranks(labels);
  const meanRank = (used.length + 1) / 2;
  const labelSpread = Math.sqrt(labelRanks.reduce((s, r) => s + (r - meanRank) ** 2, 0));
  const count = new Float64Array(11);
  const rankOf = new Float64Array(11);
  let best = 0;
  let bestLoss = Infinity;
  matrix.forEach((scores, s) => {
    count.fill(0);
    for (const i of used) count[scores[i]!]!++;
    let below = 0;
    for (let v = 0; v <= 10; v++) {
      rankOf[v] = below + (count[v]! + 1) / 2;
      below += count[v]!;
    }
    let covariance = 0;
    let spread = 0;
    let sameBand = 0;
    used.forEach((i, k) => {
      const r = rankOf[scores[i]!]! - meanRank;
      covariance += r * (labelRanks[k]! - meanRank);
      spread += r * r;
      if (bandOf(scores[i]!) === labelBands[k]) sameBand++;
    });
    const rho = spread > 0 && labelSpread > 0 ? covariance / (Math.sqrt(spread) * labelSpread) : 0;
    const loss = -(rho + sameBand / used.length);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = s;
    }
  });
  return best;
}

export interface FitResult {
  crossValidated: Metrics;
  allData: LocalJudgeParams;
  lengthSpearman: number;
  settings: number;
}

/** Leave one question out: each question's answers are scored with the setting fitted on the rest. */
export function fit(rows: Labelled[]): FitResult {
  const { settings, matrix } = scoreMatrix(rows);
  const predicted = new Array<number>(rows.length);
  for (const question of new Set(rows.map((r) => r.question))) {
    const s = bestSetting(matrix, rows, (i) => rows[i]!.question !== question);
    rows.forEach((r, i) => {
      if (r.question === question) predicted[i] = matrix[s]![i]!;
    });
  }
  return {
    crossValidated: metricsOf(rows, predicted),
    allData: settings[bestSetting(matrix, rows, () => true)]!,
    lengthSpearman: lengthSpearman(rows),
    settings: settings.length,
  };
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { file: { type: "string", multiple: true } } });
  const files = values.file ?? DEV_FILES;
  const rows = files.flatMap((f) => loadLabelled(f));
  const started = performance.now();
  const result = fit(rows);
  console.log(formatMetrics(`Local judge, ${files.join(", ")}, leave-one-question-out`, result.crossValidated, result.lengthSpearman));
  console.log(`Fitted on all ${rows.length} answers (${result.settings} settings, ${((performance.now() - started) / 1000).toFixed(1)} s):`);
  console.log(`  DECISION_PARAMS = ${JSON.stringify(result.allData.decision)}`);
  console.log(`  SCORE_PARAMS = ${JSON.stringify(result.allData.score)}`);
  return 0;
}

runIfMain(import.meta.url, main);
