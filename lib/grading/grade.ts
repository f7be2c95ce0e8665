import { findQuestion } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { graderModel } from "@/lib/ai/providers";
import { env } from "@/lib/env";
import { LLM_BUDGET_NOTE, takeLlmCall } from "@/lib/limits/llm-budget";
import type { Assessment } from "./assessment";
import type { Judge, JudgeProgress } from "./judge";
import { createLlmJudge } from "./llm-judge";
import { localJudge } from "./local-judge";
import { rubricPoints } from "./rubric";

export type GraderChoice = "local" | "llm";

export interface GradeRequest {
  questionId: string;
  answer: string;
  /** Default: the LLM when OPENAI_API_KEY is set, else the local judge. */
  grader?: GraderChoice;
}

export class UnknownQuestionError extends Error {
  constructor(readonly questionId: string) {
    super(`no bank question has id "${questionId}"`);
    this.name = "UnknownQuestionError";
  }
}

export class GraderUnavailableError extends Error {
  constructor() {
    super("the LLM grader needs OPENAI_API_KEY (and optionally OPENAI_BASE_URL, OPENAI_MODEL)");
    this.name = "GraderUnavailableError";
  }
}

/** The judge for a request: the LLM (with the local judge as its fallback) or the local judge. */
export function selectJudge(choice?: GraderChoice): Judge {
  const llm = graderModel();
  if (choice === "llm" && !llm) throw new GraderUnavailableError();
  if (choice === "local" || !llm) return localJudge;
  const e = env();
  return createLlmJudge({
    model: llm.model,
    modelId: llm.modelId,
    fallback: localJudge,
    timeoutMs: e.REHEARSE_LLM_TIMEOUT_MS,
    maxRetries: e.REHEARSE_LLM_MAX_RETRIES,
  });
}

/**
 * The grading pipeline: reference question → rubric points → judge → assessment.
 * The score inside is computed by score.ts from the verdicts, whichever judge answered.
 */
export async function gradeAnswer(request: GradeRequest, progress?: JudgeProgress): Promise<Assessment> {
  const question: Question | undefined = findQuestion(request.questionId);
  if (!question) throw new UnknownQuestionError(request.questionId);
  const judge = selectJudge(request.grader);
  const input = { question, points: rubricPoints(question), answer: request.answer };
  // Past the requester's daily LLM budget the local judge grades, and the assessment says why.
  if (judge.kind === "llm" && request.grader !== "llm" && !(await takeLlmCall()).allowed) {
    const local = await localJudge.grade(input, progress);
    return { ...local, grader: { ...local.grader, fallbackReason: LLM_BUDGET_NOTE } };
  }
  return judge.grade(input, progress);
}
