/**
 * The one scoring function both judges use: a judge decides *what* the answer shows (checked
 * key-point verdicts, the wrong ideas it holds, how deep it goes, how much it says about the
 * question), this decides what that is worth. Length and vocabulary earn nothing by themselves;
 * only verified key points do, and how fully they are explained decides how much.
 *
 *   coverage = (1 − extraWeight) · core credit + extraWeight · extra credit    (covered 1, partial ½)
 *   full     = 8 + slope · ln((1 + elaboration) / (1 + elaborationAt8)), within [0, 10],
 *              slope = elaborationSlope below elaborationAt8, elaborationSlopeAbove past it
 *   score    = full · coverage^curve + depthPoints · (depth / 3) · coverage
 *              − wrongIdeaCost · wrong ideas, then capped at oneWrongCap / twoWrongCap
 *   off-topic answers are capped at 1.
 *
 * `full` is what covering every point is worth. Interviewers (and the rubric: "superficial" 3–4,
 * "explains why, with an example" 9–10) give more to the same points explained than named: every
 * point in two sentences is not the answer that walks through each. Elaboration is the number of
 * distinct content words the answer spends on this question (the judge's measure: off-topic
 * digressions and repetition add nothing), so at zero coverage it earns nothing, and it saturates:
 * `full` stops at 10. Past the elaboration of a typical complete answer it rises faster: what
 * separates a 9–10 from a 7–8 answer with the same points is the walk-through (why, an example, a
 * trade-off), which is words spent on the question (dev leave-one-question-out Spearman 0.844 →
 * 0.850, MAE 1.10 → 1.06 against one slope when it was added; see docs/grading.md). One wrong idea
 * costs once, however finely a judge splits it into an error and a contradicted point
 * (`countWrongIdeas`). Text addressed to the grader has already been removed by the judge: what
 * remains is graded like any answer.
 * The parameters are fitted on the labelled dev sets (scripts/fit-judge.ts, leave one question out).
 */
import { contentStems } from "@/lib/text/analyser";
import { bandOf, type Band, type GradingError, type KeyPointVerdict, type Verdict } from "./assessment";

export interface DepthSignals {
  /** The answer explains why, not only what. */
  explainsWhy: boolean;
  /** A concrete example or scenario. */
  givesExample: boolean;
  /** A trade-off, a limitation or when not to use it. */
  discussesTradeOff: boolean;
}

export interface ScoreParams {
  /** Points of `full` per e-fold of elaboration (0: full coverage is always 8), and the elaboration at which it is 8. */
  elaborationSlope: number;
  /** The same past elaborationAt8. */
  elaborationSlopeAbove: number;
  elaborationAt8: number;
  curve: number;
  extraWeight: number;
  depthPoints: number;
  wrongIdeaCost: number;
  oneWrongCap: number;
  twoWrongCap: number;
}

/**
 * Fitted by `npx tsx scripts/fit-judge.ts` on the four labelled dev sets (eval/grading-dev*.jsonl, 352 answers),
 * for Spearman plus band accuracy (see docs/grading.md).
 */
export const SCORE_PARAMS: ScoreParams = {
  elaborationSlope: 2,
  elaborationSlopeAbove: 6,
  elaborationAt8: 60,
  curve: 0.8,
  extraWeight: 0.1,
  depthPoints: 0,
  wrongIdeaCost: 2,
  oneWrongCap: 6,
  twoWrongCap: 4,
};

export interface ScoreInput {
  verdicts: Array<Pick<KeyPointVerdict, "core" | "verdict">>;
  /** Distinct wrong ideas the answer holds (see countWrongIdeas). */
  wrongIdeas: number;
  depth?: Partial<DepthSignals>;
  offTopic?: boolean;
  /** Distinct content words the answer spends on this question (see elaboration in local/decide.ts). */
  elaboration: number;
}

export interface ScoreResult {
  score: number;
  band: Band;
}

const CREDIT: Record<Verdict, number> = { covered: 1, partial: 0.5, missed: 0, contradicted: 0 };
const OFF_TOPIC_CAP = 1;
/** Share of content words two quotes must share to be one claim. */
const SAME_CLAIM = 0.5;

/** Coverage in [0, 1]: core points carry it, extra points add a little. */
export function coverageOf(verdicts: ScoreInput["verdicts"], params: ScoreParams = SCORE_PARAMS): number {
  const mean = (xs: ScoreInput["verdicts"]) => (xs.length ? xs.reduce((s, v) => s + CREDIT[v.verdict], 0) / xs.length : 0);
  const core = verdicts.filter((v) => v.core);
  const extra = verdicts.filter((v) => !v.core);
  const coreCredit = core.length ? mean(core) : mean(extra);
  const extraCredit = extra.length ? mean(extra) : coreCredit;
  return (1 - params.extraWeight) * coreCredit + params.extraWeight * extraCredit;
}

function sameClaim(a: string, b: string): boolean {
  const x = new Set(contentStems(a));
  const y = new Set(contentStems(b));
  if (x.size === 0 || y.size === 0) return false;
  let shared = 0;
  for (const t of x) if (y.has(t)) shared++;
  return shared / Math.min(x.size, y.size) >= SAME_CLAIM;
}

/**
 * Distinct wrong ideas: every contradicted point and every real error (not a "the reference is
 * wrong" note), where an error quoting what a contradicted point quotes is the same idea.
 */
export function countWrongIdeas(verdicts: Array<Pick<KeyPointVerdict, "verdict" | "evidence">>, errors: GradingError[]): number {
  const claims: string[] = [];
  const add = (text: string) => {
    if (!claims.some((c) => sameClaim(c, text))) claims.push(text);
  };
  for (const v of verdicts) if (v.verdict === "contradicted") add(v.evidence);
  for (const e of errors) if (!e.referenceIsWrong) add(e.claim);
  return claims.length;
}

export function rawScore(input: ScoreInput, params: ScoreParams = SCORE_PARAMS): number {
  const coverage = coverageOf(input.verdicts, params);
  const depth = input.depth ?? {};
  const depthCount = Number(Boolean(depth.explainsWhy)) + Number(Boolean(depth.givesExample)) + Number(Boolean(depth.discussesTradeOff));
  const slope = input.elaboration < params.elaborationAt8 ? params.elaborationSlope : params.elaborationSlopeAbove;
  const full = Math.max(0, Math.min(10, 8 + slope * Math.log((1 + input.elaboration) / (1 + params.elaborationAt8))));
  let raw = full * Math.pow(coverage, params.curve) + params.depthPoints * (depthCount / 3) * coverage;
  raw -= params.wrongIdeaCost * input.wrongIdeas;
  if (input.wrongIdeas >= 2) raw = Math.min(raw, params.twoWrongCap);
  else if (input.wrongIdeas === 1) raw = Math.min(raw, params.oneWrongCap);
  if (input.offTopic) raw = Math.min(raw, OFF_TOPIC_CAP);
  return Math.max(0, Math.min(10, raw));
}

export function computeScore(input: ScoreInput, params: ScoreParams = SCORE_PARAMS): ScoreResult {
  const score = Math.round(rawScore(input, params));
  return { score, band: bandOf(score) };
}
