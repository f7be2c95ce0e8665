import { APICallError, Output, RetryError, streamText, type DeepPartial, type LanguageModel } from "ai";
import { RUBRIC_VERSION, type Assessment, type KeyPointVerdict, type RubricPoint } from "./assessment";
import { alignQuote } from "./evidence";
import { detectInjection, type InjectionReport } from "./injection";
import type { Judge, JudgeInput, JudgeProgress } from "./judge";
import { buildLlmPrompt, llmJudgmentSchema, promptPointId, promptPointIndex, type LlmJudgment } from "./llm-prompt";
import { computeScore, countWrongIdeas } from "./score";

export interface LlmJudgeOptions {
  model: LanguageModel;
  /** Recorded in the assessment as grader.model. */
  modelId: string;
  /** Answers when the LLM cannot: the local judge, with grader.fallbackReason set. */
  fallback: Judge;
  /** Per attempt, including the SDK's own retries inside it. */
  timeoutMs: number;
  /** Retries of 429/5xx/network errors, with exponential backoff (the SDK's, honouring retry-after). */
  maxRetries: number;
}

/** Why one attempt failed. Malformed output is worth one more attempt; the others go to the fallback. */
type AttemptFailure =
  | { kind: "malformed"; detail: string }
  | { kind: "timeout" }
  | { kind: "api"; reason: string };

type AttemptResult = { ok: true; judgment: LlmJudgment } | { ok: false; failure: AttemptFailure };

/** Malformed output or a timeout gets one more try; a second failure hands over to the fallback. */
const MALFORMED_ATTEMPTS = 2;

/**
 * The LLM judge: the model gives per-point verdicts with quotes, the code checks every quote against
 * the answer and computes the score (score.ts), so the number never comes from the model.
 * Progress: `onKeyPoint` fires as each verdict completes in the stream. If an attempt is retried or the
 * fallback answers, the same point id may be reported again; the last report for an id wins.
 */
export function createLlmJudge(options: LlmJudgeOptions): Judge {
  return {
    kind: "llm",
    async grade(input, progress) {
      const injection = detectInjection(input.answer);
      const failures: AttemptFailure[] = [];
      for (let attempt = 1; attempt <= MALFORMED_ATTEMPTS; attempt++) {
        const previous = failures[failures.length - 1];
        const retryBecause = previous?.kind === "malformed" ? previous.detail : undefined;
        const result = await attemptOnce(input, injection.remaining, options, progress, retryBecause);
        if (result.ok) return toAssessment(input, result.judgment, injection, options.modelId);
        failures.push(result.failure);
        // 429/5xx were already retried with backoff inside the SDK call; a timeout or malformed
        // output gets one more attempt here, so a single slow or garbled reply does not cost the LLM grade.
        if (result.failure.kind === "api") break;
      }
      const fallbackReason = describeFailures(failures, options.timeoutMs);
      const local = await options.fallback.grade(input, progress);
      return { ...local, grader: { ...local.grader, fallbackReason } };
    },
  };
}

/** One streamed call. `gradable` is the answer with text addressed to the grader blanked out. */
async function attemptOnce(
  input: JudgeInput,
  gradable: string,
  options: LlmJudgeOptions,
  progress: JudgeProgress | undefined,
  retryBecause: string | undefined,
): Promise<AttemptResult> {
  const { instructions, prompt } = buildLlmPrompt(input, retryBecause);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const streamErrors: unknown[] = [];
  const result = streamText({
    model: options.model,
    instructions,
    prompt,
    output: Output.object({ schema: llmJudgmentSchema, name: "assessment" }),
    temperature: 0,
    // Room for ~15 verdicts with notes plus the prose fields; a cut-off answer would be invalid JSON.
    maxOutputTokens: 3000,
    maxRetries: options.maxRetries,
    abortSignal: signal,
    onError: ({ error }) => void streamErrors.push(error),
  });

  // Each verdict is reported once, and again only if the final output says something else.
  const reported = new Map<string, string>();
  const report = (verdict: KeyPointVerdict) => {
    const key = JSON.stringify(verdict);
    if (reported.get(verdict.id) === key) return;
    reported.set(verdict.id, key);
    progress?.onKeyPoint?.(verdict);
  };

  try {
    for await (const partial of result.partialOutputStream) {
      for (const raw of completedPoints(partial)) {
        const point = input.points[promptPointIndex(raw.id)];
        if (point) report(checkVerdict(point, raw, gradable));
      }
    }
    const judgment = llmJudgmentSchema.parse(await result.output);
    const missing = input.points.flatMap((_, i) => (verdictFor(judgment, i) ? [] : [promptPointId(i)]));
    if (missing.length > 0) {
      return { ok: false, failure: { kind: "malformed", detail: `no verdict for key point ${missing.join(", ")}` } };
    }
    for (const verdict of checkVerdicts(input, judgment, gradable)) report(verdict);
    return { ok: true, judgment };
  } catch (error) {
    return { ok: false, failure: classify(signal.aborted ? signal.reason : (streamErrors[0] ?? error), signal) };
  }
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
  return items.map((s) => s.trim()).filter((s) => s.length > 0).slice(0, 5);
}

function classify(error: unknown, signal: AbortSignal): AttemptFailure {
  if (signal.aborted || isTimeout(error)) return { kind: "timeout" };
  if (RetryError.isInstance(error)) {
    const last = error.lastError;
    return { kind: "api", reason: `${describeApiError(last)} after ${error.errors.length} attempts` };
  }
  if (APICallError.isInstance(error)) {
    // A 2xx status here means the response started and then broke off (e.g. the connection dropped
    // mid-stream): incomplete output, worth one more attempt like malformed output.
    if (error.statusCode !== undefined && error.statusCode < 300) return { kind: "malformed", detail: "an interrupted response" };
    return { kind: "api", reason: error.isRetryable ? `${describeApiError(error)} after 1 attempt` : describeApiError(error) };
  }
  return { kind: "malformed", detail: describeMalformed(error) };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
}

function describeApiError(error: unknown): string {
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 429) return "LLM rate limited (429)";
    if (error.statusCode !== undefined && error.statusCode >= 500) return `LLM server error ${error.statusCode}`;
    if (error.statusCode !== undefined) return `LLM request rejected (${error.statusCode}): ${error.message}`;
    return `LLM unreachable: ${error.message}`;
  }
  return `LLM call failed: ${error instanceof Error ? error.message : String(error)}`;
}

function describeMalformed(error: unknown): string {
  const text = error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}` : String(error);
  if (/could not parse|JSON/i.test(text)) return "invalid JSON";
  if (/did not match schema|validation/i.test(text)) return "output that does not match the schema";
  return `incomplete output (${error instanceof Error ? error.message : String(error)})`;
}

function describeFailures(failures: AttemptFailure[], timeoutMs: number): string {
  const last = failures[failures.length - 1];
  if (!last) return "LLM judge failed";
  if (last.kind === "timeout") return `LLM timed out after ${formatMs(timeoutMs)}${failures.length > 1 ? ` (${failures.length} attempts)` : ""}`;
  if (last.kind === "api") return last.reason;
  const details = failures.flatMap((f) => (f.kind === "malformed" ? [f.detail] : []));
  const first = details[0];
  if (details.every((d) => d === first)) return `LLM returned ${first} twice`;
  return `LLM returned malformed output twice: ${details.join("; then ")}`;
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
