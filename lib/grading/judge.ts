import type { Question } from "@/lib/bank/schema";
import type { Assessment, KeyPointVerdict, RubricPoint } from "./assessment";

/** What every judge is given: the reference question, its rubric points and the candidate's answer. */
export interface JudgeInput {
  question: Question;
  /** The rubric: the reference's key points, enriched where the list is thin (see rubric.ts). */
  points: RubricPoint[];
  /** The candidate's answer exactly as submitted (typed or transcribed). */
  answer: string;
}

/** Progress while a judge works, so the UI can show the first key point before the last is judged. */
export interface JudgeProgress {
  onKeyPoint?: (verdict: KeyPointVerdict) => void;
}

/** The local judge and the LLM judge are two implementations of this interface. */
export interface Judge {
  readonly kind: "llm" | "local";
  grade(input: JudgeInput, progress?: JudgeProgress): Promise<Assessment>;
}
