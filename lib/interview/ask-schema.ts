import { z } from "zod";

/** What asking the bank answers (the CLI's --json output and the interview's grounded answer are built from it). */
export const askSourceSchema = z.object({ id: z.string(), title: z.string(), passage: z.string() });
export const askAnswerSchema = z.object({
  query: z.string(),
  answer: z.string(),
  sources: z.array(askSourceSchema),
  /** False when the bank does not cover the question: the answer says so and offers the nearest questions. */
  grounded: z.boolean(),
});
export type AskAnswer = z.infer<typeof askAnswerSchema>;
export type AskSource = z.infer<typeof askSourceSchema>;

/** Who wrote the answer: the bank's own words (offline) or the interviewer model. */
export type AskWriter = "bank" | "llm";

export interface AskResult extends AskAnswer {
  writer: AskWriter;
}

export interface AskOptions {
  /** The question being interviewed: asking must not hand over its reference answer. */
  withhold?: string | null;
  /** Receives the answer so far while the model writes it. */
  onText?: (partial: AskResult) => void;
  /** Offline even when a model is configured (the evaluation of the extractive answer). */
  offline?: boolean;
}
