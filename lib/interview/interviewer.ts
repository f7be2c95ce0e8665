import { generateText } from "ai";
import { interviewerModel } from "@/lib/ai/providers";
import { withFallback } from "@/lib/ai/with-fallback";
import type { Question } from "@/lib/bank/schema";
import { RUBRIC_VERSION, type Assessment, type RubricPoint } from "@/lib/grading/assessment";
import { rubricPoints } from "@/lib/grading/rubric";
import type { RehearseDataParts } from "./protocol";

/** What the interviewer says and shows. Wording lives here so run-turn.ts reads as the flow only. */

export const lines = {
  opening: (mode: "practice" | "mock", total: number | null) =>
    mode === "mock"
      ? `Let's begin your mock interview: ${total} question${total === 1 ? "" : "s"}. I'll hold feedback until the end.`
      : "Let's practise. Answer in your own words; I'll give feedback and probe what you leave out.",
  reviewOpening: (n: number) =>
    `Let's review the key points that are due: ${n} question${n === 1 ? "" : "s"}, the most overdue first. I'll give feedback after each answer.`,
  nextQuestion: (index: number, total: number | null) => (total ? `Question ${index} of ${total}.` : `Question ${index}.`),
  followUp: "Let me probe a little further.",
  skipped: "No problem, let's move on.",
  dontKnow: "That's fine. Here is what a strong answer covers.",
  // Names what was filled in: the probe may have named only one of the points it aims at.
  recovered: (labels: string[]) =>
    labels.length > 0 ? `Good, that fills in ${labels.map((l) => `"${l}"`).join(" and ")}.` : "That still leaves the point open; the reference shows it.",
  ended: (reason: "requested" | "completed" | "exhausted") =>
    reason === "exhausted" ? "That's every question in this track. Here's how it went." : "That's the end of the session. Here's how it went.",
  askDetected: "That sounded like a question for me, so I answered it. If it was your answer, send it again as an answer.",
  regraded: "Picking up where we left off: grading your last answer.",
};

export function questionPart(args: {
  turnId: string;
  question: Question;
  index: number;
  total: number | null;
  kind: "main" | "followUp";
  targets: string[];
  text: string;
}): RehearseDataParts["question"] {
  const { question, ...rest } = args;
  return { ...rest, questionId: question.id, title: question.title, track: question.track };
}

export function referenceOf(question: Question): RehearseDataParts["assessment"]["reference"] {
  return {
    questionId: question.id,
    title: question.title,
    answer: question.answer,
    source: `${question.source.file}:${question.source.line}`,
  };
}

/**
 * An explicit "I don't know" scores 0 by the rubric: built here rather than sent to a judge,
 * so it costs no LLM call and can never score anything else. The reference is shown with it.
 */
export function dontKnowAssessment(question: Question): Assessment {
  return {
    questionId: question.id,
    score: 0,
    band: "weak",
    rubricVersion: RUBRIC_VERSION,
    keyPoints: rubricPoints(question).map((p) => ({ ...p, verdict: "missed", evidence: "" })),
    errors: [],
    strengths: [],
    improvements: ["Study the reference answer, then try this question again later."],
    improvedAnswer: question.answer,
    followUp: "",
    injectionDetected: false,
    offTopic: false,
    grader: { kind: "local" },
  };
}

function lowerFirst(text: string): string {
  return text.length > 1 && /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** A probe that names the topic of the missing points without giving their content away. */
export function templateFollowUp(question: Question, targets: RubricPoint[]): string {
  const topics = targets.map((t) =>
    lowerFirst(
      t.text
        .replace(/[.:;]+$/, "")
        .split(/[:—–(]/)[0]!
        .trim(),
    ),
  );
  if (topics.length === 0) return `Is there anything you would add to your answer on "${question.title}"?`;
  const named = topics.length === 1 ? topics[0] : `${topics.slice(0, -1).join(", ")} and ${topics.at(-1)}`;
  return `You haven't said much about ${named}. How does that come into it, and why does it matter?`;
}

export interface FollowUpRequest {
  question: Question;
  targets: RubricPoint[];
  judgeFollowUp: string;
  firstProbe: boolean;
}

/** Whether followUpQuestion will ask the interviewer model (a network call, seconds) rather than answer at once. */
export function followUpNeedsModel(args: FollowUpRequest): boolean {
  if (args.firstProbe && args.judgeFollowUp.trim()) return false;
  return interviewerModel() !== null && args.targets.length > 0;
}

/**
 * The probing follow-up for the targeted points. The judge's own follow-up is used when it was
 * written for the answer that left these points open (the first probe); later probes are phrased
 * by the interviewer model when configured, else from a template.
 */
export async function followUpQuestion(args: FollowUpRequest): Promise<string> {
  const { question, targets, judgeFollowUp, firstProbe } = args;
  if (firstProbe && judgeFollowUp.trim()) return judgeFollowUp.trim();
  if (targets.length === 0) return templateFollowUp(question, targets);
  return withFallback(
    "interviewer",
    async (llm) => {
      const { text } = await generateText({
        model: llm.model,
        instructions:
          "You are a technical interviewer. Write ONE short probing follow-up question (max 30 words) that leads the candidate to explain the listed points. Do not reveal or explain the points themselves. Output only the question.",
        prompt: `Interview question: ${question.title}\nPoints the candidate has not covered yet:\n${targets.map((t) => `- ${t.text}`).join("\n")}`,
        maxRetries: llm.maxRetries,
        abortSignal: AbortSignal.timeout(llm.timeoutMs),
      });
      return text.trim() || templateFollowUp(question, targets);
    },
    () => templateFollowUp(question, targets),
  );
}
