import { findQuestion } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { llmHost } from "@/lib/ai/providers";
import { llmCallFor } from "@/lib/ai/with-fallback";
import type { Assessment } from "./assessment";
import type { Judge, JudgeProgress } from "./judge";
import { createLlmJudge } from "./llm-judge";
import { localJudge } from "./local-judge";
import { rubricPoints } from "./rubric";

export type GraderChoice = "local" | "llm";

export interface GradeRequest {
  questionId: string;
  answer: string;
  /** Default: the LLM when one is configured (OPENAI_API_KEY or OPENAI_BASE_URL), else the local judge. */
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
    super("the LLM grader needs OPENAI_API_KEY or OPENAI_BASE_URL (and optionally OPENAI_MODEL)");
    this.name = "GraderUnavailableError";
  }
}

/** The judge for a request: the LLM (with the local judge as its fallback) or the local judge. */
export function selectJudge(choice?: GraderChoice): Judge {
  const llm = llmCallFor("grader");
  if (choice === "llm" && !llm) throw new GraderUnavailableError();
  if (choice === "local" || !llm) return localJudge;
  return createLlmJudge({ ...llm, host: llmHost(), fallback: localJudge });
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
  return judge.grade(input, progress);
}
