import type { Assessment, KeyPointVerdict, Verdict } from "@/lib/grading/assessment";
import type { PlannedQuestion, SessionMode } from "./protocol";

/**
 * The interviewer as a small explicit state machine. Pure: no I/O, randomness passed in.
 *
 *   asking ──▶ awaiting_answer ──answer──▶ grading ──graded──▶ feedback ─┬─▶ follow_up (awaiting_answer)
 *      ▲                                                               ├─▶ asking (next main question)
 *      └───────────────────────────────────────────────────────────────┘ └─▶ ended (summary)
 *
 * "asking" and "feedback" happen within one request; only the phases a session can rest in
 * (awaiting_answer, grading, ended) are stored.
 */

export type Phase = "awaiting_answer" | "grading" | "ended";

/** At most this many probing follow-ups per main question. */
export const MAX_FOLLOW_UPS = 2;
/** A follow-up probes this many points at most: one question, not a quiz. */
export const MAX_FOLLOW_UP_TARGETS = 2;

export interface CurrentQuestion {
  questionId: string;
  kind: "main" | "followUp";
  /** Follow-ups asked so far for this main question. */
  followUps: number;
  /** Rubric point ids the candidate has covered across the main answer and its follow-ups. */
  covered: string[];
}

export interface InterviewSnapshot {
  mode: SessionMode;
  phase: Phase;
  /** Mock length; null in practice, which runs until ended or the questions run out. */
  total: number | null;
  /** Ids of the bank questions in the session's track, in bank order. */
  available: string[];
  /** Main questions already put, in order. Never repeated. */
  asked: string[];
  current: CurrentQuestion | null;
  /**
   * A review session's planned questions: asked exactly in this order, then the session ends.
   * Absent (or null) for practice and mock sessions, whose next question is picked at random.
   */
  plan?: PlannedQuestion[] | null;
}

export type InterviewEvent =
  /** The candidate replied to the current question (an answer or "I don't know"). */
  | { type: "answer" }
  /** The reply was graded. `refused` is an explicit "I don't know": no probing after it. */
  | { type: "graded"; assessment: Assessment; refused: boolean }
  | { type: "skip" }
  | { type: "next" }
  | { type: "end" }
  /** The candidate asked the interviewer something. */
  | { type: "ask" };

export type EndReason = "requested" | "completed" | "exhausted";

export type Step =
  | { type: "grade" }
  | { type: "followUp"; questionId: string; targets: string[] }
  /** `prompt` and `targets` come from a review plan: the wording to ask and the due points it aims at. */
  | { type: "ask"; questionId: string; prompt?: string; targets?: string[] }
  | { type: "end"; reason: EndReason }
  | { type: "answerCandidate" }
  | { type: "invalid"; message: string };

/** The phase a session rests in after a step. */
export function phaseAfter(step: Step, before: Phase): Phase {
  switch (step.type) {
    case "grade":
      return "grading";
    case "followUp":
    case "ask":
      return "awaiting_answer";
    case "end":
      return "ended";
    case "answerCandidate":
    case "invalid":
      return before;
  }
}

/** A main question not asked yet, chosen with `rand` in [0, 1); null when none is left. */
export function pickQuestion(available: string[], asked: string[], rand: number): string | null {
  const remaining = available.filter((id) => !asked.includes(id));
  if (remaining.length === 0) return null;
  return remaining[Math.min(remaining.length - 1, Math.floor(rand * remaining.length))]!;
}

/** The first question of a session: the one asked for, else a random one. */
export function firstStep(snapshot: InterviewSnapshot, rand: number, preferred?: string): Step {
  if (preferred) return { type: "ask", questionId: preferred };
  return nextMainQuestion(snapshot, rand);
}

/** The planned question after the ones already asked (skipped ones count as asked), or the end. */
function nextPlannedQuestion(plan: PlannedQuestion[], asked: string[]): Step {
  const next = plan[asked.length];
  if (!next) return { type: "end", reason: "completed" };
  return { type: "ask", questionId: next.questionId, targets: next.targetPointIds, ...(next.prompt ? { prompt: next.prompt } : {}) };
}

function nextMainQuestion(snapshot: InterviewSnapshot, rand: number): Step {
  if (snapshot.plan) return nextPlannedQuestion(snapshot.plan, snapshot.asked);
  if (snapshot.total !== null && snapshot.asked.length >= snapshot.total) return { type: "end", reason: "completed" };
  const id = pickQuestion(snapshot.available, snapshot.asked, rand);
  return id ? { type: "ask", questionId: id } : { type: "end", reason: "exhausted" };
}

const VERDICT_URGENCY: Record<Verdict, number> = { contradicted: 0, missed: 1, partial: 2, covered: 3 };

/**
 * The points a follow-up should probe: not yet covered in any answer to this question,
 * core before extra, wrong before missing before partial, then rubric order.
 */
export function followUpTargets(keyPoints: KeyPointVerdict[], covered: string[]): string[] {
  return keyPoints
    .map((point, order) => ({ point, order }))
    .filter(({ point }) => point.verdict !== "covered" && !covered.includes(point.id))
    .sort((a, b) => Number(b.point.core) - Number(a.point.core) || VERDICT_URGENCY[a.point.verdict] - VERDICT_URGENCY[b.point.verdict] || a.order - b.order)
    .slice(0, MAX_FOLLOW_UP_TARGETS)
    .map(({ point }) => point.id);
}

/** Point ids an assessment counts as covered, added to those covered before. */
export function coveredAfter(covered: string[], assessment: Assessment): string[] {
  const now = assessment.keyPoints.filter((k) => k.verdict === "covered").map((k) => k.id);
  return [...new Set([...covered, ...now])];
}

function afterGrading(snapshot: InterviewSnapshot, current: CurrentQuestion, assessment: Assessment, refused: boolean, rand: number): Step {
  const probe =
    snapshot.mode === "practice" &&
    !refused &&
    current.followUps < MAX_FOLLOW_UPS &&
    assessment.score > 0 &&
    !assessment.offTopic &&
    !assessment.injectionDetected;
  if (probe) {
    const targets = followUpTargets(assessment.keyPoints, coveredAfter(current.covered, assessment));
    if (targets.length > 0) return { type: "followUp", questionId: current.questionId, targets };
  }
  return nextMainQuestion(snapshot, rand);
}

/** What the interviewer does next. `rand` in [0, 1) picks the next question. */
export function nextStep(snapshot: InterviewSnapshot, event: InterviewEvent, rand: number): Step {
  const { phase, current } = snapshot;
  if (phase === "ended") {
    return event.type === "ask" ? { type: "answerCandidate" } : { type: "invalid", message: "This session has ended." };
  }
  if (event.type === "end") return { type: "end", reason: "requested" };
  if (phase === "grading") {
    if (event.type !== "graded" || !current) return { type: "invalid", message: "The last answer is still being graded." };
    return afterGrading(snapshot, current, event.assessment, event.refused, rand);
  }
  // awaiting_answer
  switch (event.type) {
    case "answer":
      return current ? { type: "grade" } : { type: "invalid", message: "There is no question to answer." };
    case "ask":
      return { type: "answerCandidate" };
    case "skip":
    case "next":
      return nextMainQuestion(snapshot, rand);
    case "graded":
      return { type: "invalid", message: "There is no answer being graded." };
  }
}
