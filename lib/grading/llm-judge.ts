import { APICallError, RetryError, type DeepPartial, type LanguageModel } from "ai";
import { LlmOutputError } from "@/lib/ai/failure";
import { failureSentence } from "@/lib/ai/failure-codes";
import { modeKey, streamStructured, StructuredModeUnsupportedError, withStructuredModes, type StructuredMode } from "@/lib/ai/structured";
import { withFallback, type LlmCall } from "@/lib/ai/with-fallback";
import { RUBRIC_VERSION, type Assessment, type KeyPointVerdict, type RubricPoint } from "./assessment";
import { alignQuote } from "./evidence";
import { detectInjection, type InjectionReport } from "./injection";
import type { Judge, JudgeInput, JudgeProgress } from "./judge";
import { elaborationOfAnswer } from "./local-judge";
import { buildLlmPrompt, llmJudgmentSchema, promptPointId, promptPointIndex, type LlmJudgment } from "./llm-prompt";
import { computeScore, countWrongIdeas } from "./score";

export interface LlmJudgeOptions {
  model: LanguageModel;
  /** Recorded in the assessment as grader.model. */
  modelId: string;
  /** Where the model is served (host only): which structured-output mode works is remembered per host and model. */
  host?: string;
  /** Answers when the LLM cannot: the local judge, with grader.fallbackCode and fallbackReason set. */
  fallback: Judge;
  /** Per attempt, including the SDK's own retries inside it. */
  timeoutMs: number;
  /** Retries of 429/5xx/network errors, with exponential backoff (the SDK's, honouring retry-after). */
  maxRetries: number;
}

/** Malformed output or a timeout gets one more try; a second failure hands over to the fallback. */
const ATTEMPTS = 2;

/**
 * The LLM judge: the model gives per-point verdicts with quotes, the code checks every quote against
 * the answer and computes the score (score.ts), so the number never comes from the model.
 * Servers without json_schema still grade: lib/ai/structured.ts falls back to JSON mode, then to a
 * tool call. Failures go through withFallback: the local judge answers, and the assessment carries
 * our code and sentence for why (never the provider's text).
 * Progress: `onKeyPoint` fires as each verdict completes in the stream. If an attempt is retried or the
 * fallback answers, the same point id may be reported again; the last report for an id wins.
 */
export function createLlmJudge(options: LlmJudgeOptions): Judge {
  const llm: LlmCall = { model: options.model, modelId: options.modelId, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries };
  const key = modeKey(options.model, options.modelId, options.host);
  return {
    kind: "llm",
    async grade(input, progress) {
      const injection = detectInjection(input.answer);
      return withFallback(
        "grader",
        async (call) => {
          const judgment = await withStructuredModes(key, (mode) => judgeInMode(mode, input, injection.remaining, call, progress));
          return toAssessment(input, judgment, injection, call.modelId);
        },
        async (failure) => {
          const local = await options.fallback.grade(input, progress);
          // withFallback passes null only when no model is configured, which a judge built for a model never is.
          const { code, sentence } = failure ?? { code: "llm_failed" as const, sentence: failureSentence("llm_failed", "grader") };
          return { ...local, grader: { ...local.grader, fallbackCode: code, fallbackReason: sentence } };
        },
        llm,
      );
    },
  };
}

/**
 * Up to ATTEMPTS calls in one mode: malformed output is retried with what was wrong, a timeout once
 * more as it is; a provider error (already retried by the SDK) or a second failure is thrown.
 */
async function judgeInMode(mode: StructuredMode, input: JudgeInput, gradable: string, llm: LlmCall, progress: JudgeProgress | undefined): Promise<LlmJudgment> {
  let retryBecause: string | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(mode, input, gradable, llm, progress, retryBecause);
    } catch (error) {
      if (providerRefused(error) || attempt >= ATTEMPTS) throw error;
      retryBecause = error instanceof LlmOutputError ? error.message : undefined;
    }
  }
}

/** One streamed call. `gradable` is the answer with text addressed to the grader blanked out. */
async function attemptOnce(
  mode: StructuredMode,
  input: JudgeInput,
  gradable: string,
  llm: LlmCall,
  progress: JudgeProgress | undefined,
  retryBecause: string | undefined,
): Promise<LlmJudgment> {
  const { instructions, prompt } = buildLlmPrompt(input, retryBecause);

  // Each verdict is reported once, and again only if the final output says something else.
  const reported = new Map<string, string>();
  const report = (verdict: KeyPointVerdict) => {
    const key = JSON.stringify(verdict);
    if (reported.get(verdict.id) === key) return;
    reported.set(verdict.id, key);
    progress?.onKeyPoint?.(verdict);
  };

  const raw = await streamStructured({
    mode,
    model: llm.model,
    schema: llmJudgmentSchema,
    name: "assessment",
    instructions,
    prompt,
    temperature: 0,
    // Room for ~15 verdicts with notes plus the prose fields; a cut-off answer would be invalid JSON.
    maxOutputTokens: 3000,
    maxRetries: llm.maxRetries,
    abortSignal: AbortSignal.timeout(llm.timeoutMs),
    // A reply that ignored the schema (servers that accept json_schema but do not enforce it) gets it spelled out.
    describeSchema: retryBecause !== undefined,
    onPartial: (partial) => {
      for (const point of completedPoints(partial as DeepPartial<LlmJudgment>)) {
        const rubricPoint = input.points[promptPointIndex(point.id)];
        if (rubricPoint) report(checkVerdict(rubricPoint, point, gradable));
      }
    },
  });
  const parsed = llmJudgmentSchema.safeParse(raw);
  if (!parsed.success) throw new LlmOutputError("output that does not match the schema");
  const judgment = parsed.data;
  const missing = input.points.flatMap((_, i) => (verdictFor(judgment, i) ? [] : [promptPointId(i)]));
  if (missing.length > 0) throw new LlmOutputError(`no verdict for key point ${missing.join(", ")}`);
  for (const verdict of checkVerdicts(input, judgment, gradable)) report(verdict);
  return judgment;
}

/**
 * Errors a second attempt cannot fix: the server answered with an error status (429/5xx were already
 * retried inside the SDK call), or cannot do this mode (the next mode is tried). Anything else (a
 * timeout, malformed output, a stream that broke off) gets one more attempt.
 */
function providerRefused(error: unknown): boolean {
  if (RetryError.isInstance(error) || error instanceof StructuredModeUnsupportedError) return true;
  return APICallError.isInstance(error) && !(error.statusCode !== undefined && error.statusCode < 300);
}

/** The verdicts of a partial output that can no longer change: every one followed by another point or field. */
function completedPoints(partial: DeepPartial<LlmJudgment>): LlmJudgment["keyPoints"] {
  const points = partial.keyPoints ?? [];
  // Partial JSON keeps the key order of the text, so a key after keyPoints means the list is closed.
  const keys = Object.keys(partial);
  const pastKeyPoints = keys.includes("keyPoints") && keys[keys.length - 1] !== "keyPoints";
  const done = pastKeyPoints ? points : points.slice(0, -1);
  return done.flatMap((p) => {
    const parsed = llmJudgmentSchema.shape.keyPoints.element.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The model's verdict for one point, kept only if its quote really is in the gradable answer: the
 * answer with any text addressed to the grader blanked out (injection.ts), which earns nothing.
 */
function checkVerdict(point: RubricPoint, raw: LlmJudgment["keyPoints"][number], answer: string): KeyPointVerdict {
  const note = raw.note.trim() || undefined;
  if (raw.verdict === "missed") return { ...point, verdict: "missed", evidence: "", note };
  // The quote is aligned to the answer (fillers, punctuation, small edits forgiven) and replaced by
  // the candidate's verbatim span, so the UI shows what the candidate really said.
  const match = alignQuote(answer, raw.evidence.trim());
  if (!match) {
    return {
      ...point,
      verdict: "missed",
      evidence: "",
      note: `Counted as missed: the judge said "${raw.verdict}" but its quote is not in the answer.`,
    };
  }
  return { ...point, verdict: raw.verdict, evidence: match.span, note };
}

/** The model's verdict for the point at `index` (the first one, if it gave several). */
function verdictFor(judgment: LlmJudgment, index: number): LlmJudgment["keyPoints"][number] | undefined {
  return judgment.keyPoints.find((k) => promptPointIndex(k.id) === index);
}

/** One checked verdict per rubric point, in rubric order; the first verdict for an id wins. */
function checkVerdicts(input: JudgeInput, judgment: LlmJudgment, gradable: string): KeyPointVerdict[] {
  return input.points.map((point, i) => {
    const raw = verdictFor(judgment, i);
    return raw ? checkVerdict(point, raw, gradable) : { ...point, verdict: "missed", evidence: "" };
  });
}

function toAssessment(input: JudgeInput, judgment: LlmJudgment, injection: InjectionReport, modelId: string): Assessment {
  const keyPoints = checkVerdicts(input, judgment, injection.remaining);
  // The model's flag and the local detector: either is enough.
  const injectionDetected = judgment.injectionDetected || injection.detected;
  // Like evidence, an error must be something the candidate said: a claim that is not in the answer
  // is dropped rather than held against them. "The reference is wrong" notes cost nothing and stay.
  const errors = judgment.errors.flatMap((e) => {
    const correction = e.correction.trim();
    const match = alignQuote(injection.remaining, e.claim.trim());
    if (match) return [{ claim: match.span, correction, referenceIsWrong: e.referenceIsWrong }];
    return e.referenceIsWrong ? [{ claim: e.claim.trim(), correction, referenceIsWrong: true }] : [];
  });
  const { score, band } = computeScore({
    verdicts: keyPoints,
    wrongIdeas: countWrongIdeas(keyPoints, errors),
    depth: judgment.depth,
    offTopic: judgment.offTopic,
    elaboration: elaborationOfAnswer(input.question, input.points, injection.remaining),
  });
  return {
    questionId: input.question.id,
    score,
    band,
    rubricVersion: RUBRIC_VERSION,
    keyPoints,
    errors,
    strengths: clean(judgment.strengths),
    improvements: clean(judgment.improvements),
    improvedAnswer: judgment.improvedAnswer.trim(),
    followUp: judgment.followUp.trim(),
    injectionDetected,
    offTopic: judgment.offTopic,
    grader: { kind: "llm", model: modelId },
  };
}

function clean(items: string[]): string[] {
  return items
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .slice(0, 5);
}
