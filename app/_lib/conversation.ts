import type { Intent, RehearseDataParts, RehearseMessage } from "@/lib/interview/protocol";

/**
 * Read-only views over the conversation the UI needs to decide what to show.
 * No interview logic here: the server decides what happens next; this only finds it in the messages.
 */

type QuestionPart = RehearseDataParts["question"];
type AssessmentPart = RehearseDataParts["assessment"];
type SummaryPart = RehearseDataParts["summary"];

function dataParts<K extends keyof RehearseDataParts>(messages: RehearseMessage[], kind: K): RehearseDataParts[K][] {
  const found: RehearseDataParts[K][] = [];
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.type === `data-${kind}`) found.push((part as unknown as { data: RehearseDataParts[K] }).data);
    }
  }
  return found;
}

/** The question the candidate is answering now: the last one the interviewer put. */
export function currentQuestion(messages: RehearseMessage[]): QuestionPart | undefined {
  return dataParts(messages, "question").at(-1);
}

export function sessionSummary(messages: RehearseMessage[]): SummaryPart | undefined {
  return dataParts(messages, "summary").at(-1);
}

export function assessmentsByTurn(messages: RehearseMessage[]): Map<string, AssessmentPart> {
  return new Map(dataParts(messages, "assessment").map((a) => [a.turnId, a]));
}

export function questionsByTurn(messages: RehearseMessage[]): Map<string, QuestionPart> {
  return new Map(dataParts(messages, "question").map((q) => [q.turnId, q]));
}

export function messageText(message: RehearseMessage): string {
  return message.parts
    .filter((p): p is { type: "text"; text: string } => p.type === "text")
    .map((p) => p.text)
    .join("");
}

export function lastUserMessage(messages: RehearseMessage[]): RehearseMessage | undefined {
  return messages.findLast((m) => m.role === "user");
}

/** What the candidate is waiting for after sending, so the right placeholder is shown. */
export function pendingKind(intent: Intent | undefined): "grading" | "answering" | "thinking" {
  if (intent === "answer" || intent === "dont-know") return "grading";
  if (intent === "ask") return "answering";
  return "thinking";
}

export const INTENT_LABELS: Record<Intent, string> = {
  answer: "Answer",
  ask: "Question",
  skip: "Skipped",
  "dont-know": "I don't know",
  next: "Next question",
  end: "End session",
};
