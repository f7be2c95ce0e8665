/**
 * The one scoring function both judges use: a judge decides *what* the answer shows
 * (key-point verdicts with evidence, errors, depth), this decides what that is worth.
 * Length and vocabulary earn nothing by themselves; only verified key points do.
 */
import { bandOf, type Band, type GradingError, type KeyPointVerdict, type Verdict } from "./assessment";
import { verifyEvidence } from "./evidence";

export interface DepthSignals {
  /** The answer explains why, not only what. */
  explainsWhy: boolean;
  /** A concrete example or scenario. */
  givesExample: boolean;
  /** A trade-off, a limitation or when not to use it. */
  discussesTradeOff: boolean;
}

export interface ScoreInput {
  verdicts: Array<Pick<KeyPointVerdict, "core" | "verdict" | "evidence">>;
  errors: GradingError[];
  depth?: Partial<DepthSignals>;
  /** When given, every covered/partial verdict's evidence must be a verbatim span of it, or it counts as missed. */
  answer?: string;
  injectionDetected?: boolean;
  offTopic?: boolean;
}

export interface ScoreResult {
  score: number;
  band: Band;
}

const CREDIT: Record<Verdict, number> = { covered: 1, partial: 0.5, missed: 0, contradicted: 0 };
/** Core points carry the score; extra points only add depth. */
const CORE_WEIGHT = 0.8;
/** Half of the extra points is as much breadth as anyone is expected to show. */
const EXTRA_SATURATION = 0.5;
const ERROR_COST = 1.5;
/** On top of the error it also is: a wrong claim in the right vocabulary must cost more than silence. */
const CONTRADICTED_CORE_COST = 1;
const OFF_TOPIC_CAP = 1;
const INJECTION_CAP = 2;

export function effectiveVerdict(v: Pick<KeyPointVerdict, "verdict" | "evidence">, answer: string | undefined): Verdict {
  if (answer === undefined || v.verdict === "missed") return v.verdict;
  // A claim about the answer that cannot be found in it proves nothing (contradictions included).
  return verifyEvidence(answer, v.evidence) ? v.verdict : "missed";
}

/** Coverage in [0, 1]: core points weighted most, extra points saturating. */
export function coverageOf(input: Pick<ScoreInput, "verdicts" | "answer">): { core: number; extra: number; total: number } {
  const credits = input.verdicts.map((v) => ({ core: v.core, credit: CREDIT[effectiveVerdict(v, input.answer)] }));
  const core = credits.filter((c) => c.core);
  const extra = credits.filter((c) => !c.core);
  const mean = (xs: typeof credits) => (xs.length ? xs.reduce((s, c) => s + c.credit, 0) / xs.length : 0);
  const coreCoverage = core.length ? mean(core) : mean(extra);
  const extraCoverage = extra.length ? Math.min(1, mean(extra) / EXTRA_SATURATION) : coreCoverage;
  return { core: coreCoverage, extra: extraCoverage, total: CORE_WEIGHT * coreCoverage + (1 - CORE_WEIGHT) * extraCoverage };
}

export function computeScore(input: ScoreInput): ScoreResult {
  const coverage = coverageOf(input);
  // Concave: the central idea plus a few points is already "adequate"; the last points are the hardest.
  let raw = 10 * Math.pow(coverage.total, 0.75);

  const depth = input.depth ?? {};
  const depthCount = Number(Boolean(depth.explainsWhy)) + Number(Boolean(depth.givesExample)) + Number(Boolean(depth.discussesTradeOff));
  // Depth only matters once the answer already covers most of the reference.
  if (coverage.total >= 0.55) raw += 0.5 * depthCount;

  const realErrors = input.errors.filter((e) => !e.referenceIsWrong);
  const contradictedCore = input.verdicts.filter((v) => v.core && effectiveVerdict(v, input.answer) === "contradicted").length;
  raw -= ERROR_COST * realErrors.length + CONTRADICTED_CORE_COST * contradictedCore;
  // The right vocabulary around a real misconception is "weak" (3–4), however much else is said.
  if (contradictedCore > 0 || realErrors.length >= 2) raw = Math.min(raw, 4);
  else if (realErrors.length === 1) raw = Math.min(raw, 6);

  let score = Math.max(0, Math.min(10, Math.round(raw)));
  if (input.offTopic) score = Math.min(score, OFF_TOPIC_CAP);
  // Text addressed to the grader earns nothing; what remains is graded on its own, usually very little.
  if (input.injectionDetected && coverage.core < 0.5) score = Math.min(score, INJECTION_CAP);
  return { score, band: bandOf(score) };
}
