import { randomInt, randomUUID } from "node:crypto";
import { findQuestion, getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { createSession, getSessionForIdentity, getSessionForMessage, listTurns, type TurnWithAssessment } from "@/lib/db/queries";
import type { SessionRow } from "@/lib/db/schema";
import { RehearseError } from "@/lib/errors";
import { progressNow } from "@/lib/progress/clock";
import { planReviewSession } from "@/lib/progress/review-plan";
import { lines, questionPart } from "./interviewer";
import { messageRow } from "./messages";
import type { CreateSession, RehearseMessage, SessionView } from "./protocol";
import { coveredAfter, firstStep, type InterviewSnapshot } from "./state-machine";

/** A session as loaded for one request: its row, its turns (with assessments) and its question pool. */
export interface InterviewContext {
  session: SessionRow;
  turns: TurnWithAssessment[];
  /** Bank question ids in the session's track. */
  available: string[];
  /**
   * True when only the current question's turns carry their assessments (an interview turn's read:
   * nothing else it does reads earlier ones); withAllAssessments reads the rest when a step needs them.
   */
  currentQuestionOnly?: true;
}

/** A random number in [0, 1) for picking questions. */
export function random(): number {
  return randomInt(0, 2 ** 32) / 2 ** 32;
}

export function questionsInTrack(track: string): string[] {
  return getBank()
    .filter((q) => track === "all" || q.track === track)
    .map((q) => q.id);
}

/** The question, which the bank must have: a stored id whose question was deleted from content/ is a server fault. */
export function bankQuestion(id: string): Question {
  const q = findQuestion(id);
  if (!q) throw new Error(`question "${id}" is referenced by a session but is no longer in the bank`);
  return q;
}

/** How many main questions the session asks: a review's plan, a mock's length; null for open-ended practice. */
export function mockTotal(session: Pick<SessionRow, "mode" | "questionCount" | "plan">, available: string[]): number | null {
  if (session.plan) return session.plan.length;
  return session.mode === "mock" ? Math.min(session.questionCount, available.length) : null;
}

/** The session of this identity, or 404: another identity's session looks exactly like a missing one. */
export async function loadInterview(sessionId: string, identityId: string): Promise<InterviewContext> {
  const session = await getSessionForIdentity(sessionId, identityId);
  if (!session) throw new RehearseError("not_found:session");
  return { session, turns: await listTurns(session.id), available: questionsInTrack(session.track) };
}

/** The session of this identity for a candidate's message, and whether the session already has that message (a re-send). */
export async function loadInterviewForMessage(
  sessionId: string,
  identityId: string,
  messageId: string,
): Promise<{ ctx: InterviewContext; messageStored: boolean }> {
  const found = await getSessionForMessage(sessionId, identityId, messageId);
  if (!found) throw new RehearseError("not_found:session");
  const ctx: InterviewContext = { session: found.session, turns: found.turns, available: questionsInTrack(found.session.track), currentQuestionOnly: true };
  return { ctx, messageStored: found.messageStored };
}

/**
 * The context with every turn's assessment, for what reads them all (the end of a session: a mock's
 * held feedback and the summary). The current question's turns are kept as they are in `ctx`, with
 * what this request changed and has not stored yet; earlier questions' turns no longer change.
 */
export async function withAllAssessments(ctx: InterviewContext): Promise<InterviewContext> {
  if (!ctx.currentQuestionOnly) return ctx;
  const index = currentTurn(ctx)?.questionIndex;
  const inHand = new Map(ctx.turns.filter((t) => t.questionIndex === index).map((t) => [t.id, t]));
  const turns = (await listTurns(ctx.session.id)).map((t) => inHand.get(t.id) ?? t);
  return { session: ctx.session, turns, available: ctx.available };
}

export function currentTurn(ctx: InterviewContext): TurnWithAssessment | null {
  return ctx.turns.find((t) => t.id === ctx.session.currentTurnId) ?? null;
}

export function mainQuestionsAsked(ctx: InterviewContext): string[] {
  return ctx.turns.filter((t) => t.kind === "main" && t.questionId).map((t) => t.questionId!);
}

export function snapshotOf(ctx: InterviewContext): InterviewSnapshot {
  const turn = currentTurn(ctx);
  const sameQuestion = turn ? ctx.turns.filter((t) => t.kind !== "ask" && t.questionIndex === turn.questionIndex) : [];
  return {
    mode: ctx.session.mode,
    phase: ctx.session.state,
    total: mockTotal(ctx.session, ctx.available),
    available: ctx.available,
    asked: mainQuestionsAsked(ctx),
    plan: ctx.session.plan,
    current:
      turn?.questionId && turn.kind !== "ask"
        ? {
            questionId: turn.questionId,
            kind: turn.kind,
            followUps: sameQuestion.filter((t) => t.kind === "followUp").length,
            covered: sameQuestion.reduce<string[]>((acc, t) => (t.assessment ? coveredAfter(acc, t.assessment.assessment) : acc), []),
          }
        : null,
  };
}

export function sessionView(ctx: InterviewContext): SessionView {
  const { session } = ctx;
  return {
    id: session.id,
    track: session.track as SessionView["track"],
    mode: session.mode,
    questionCount: mockTotal(session, ctx.available),
    timeLimitSec: session.timeLimitSec,
    status: session.state === "ended" ? "ended" : "active",
    state: session.state,
    asked: mainQuestionsAsked(ctx).length,
    createdAt: session.createdAt.toISOString(),
    endedAt: session.endedAt?.toISOString() ?? null,
  };
}

/** Creates a session and puts its first question: a review session's first planned one, the one asked for, or a random one. */
export async function startSession(identityId: string, input: CreateSession): Promise<{ session: SessionView; messages: RehearseMessage[] }> {
  const available = questionsInTrack(input.track);
  if (available.length === 0) throw new RehearseError("bad_request:session", `The "${input.track}" track has no questions.`, "track");

  if (input.review) {
    const plan = await planReviewSession(identityId, progressNow(), input.track === "all" ? undefined : input.track);
    if (plan.length === 0) {
      throw new RehearseError("conflict:review", "Nothing is due for review right now. Key points you miss come back on a spaced schedule.");
    }
    return openSession(identityId, { track: input.track, mode: "practice", questionCount: plan.length, timeLimitSec: null, plan }, available);
  }

  if (input.questionId !== undefined && !findQuestion(input.questionId)) {
    throw new RehearseError("not_found:question", `There is no question "${input.questionId}".`, "questionId");
  }
  const settings = {
    track: input.track,
    mode: input.mode,
    questionCount: input.questionCount,
    timeLimitSec: input.mode === "mock" ? input.timeLimitSec : null,
    plan: null,
  };
  return openSession(identityId, settings, available, input.questionId);
}

type SessionSettings = Pick<SessionRow, "track" | "mode" | "questionCount" | "timeLimitSec" | "plan">;

async function openSession(
  identityId: string,
  settings: SessionSettings,
  available: string[],
  preferredQuestionId?: string,
): Promise<{ session: SessionView; messages: RehearseMessage[] }> {
  const sessionId = randomUUID();
  const total = mockTotal(settings, available);
  const snapshot: InterviewSnapshot = { mode: settings.mode, phase: "awaiting_answer", total, available, asked: [], current: null, plan: settings.plan };
  const step = firstStep(snapshot, random(), preferredQuestionId);
  if (step.type !== "ask") throw new Error("a new session must start with a question");
  const question = bankQuestion(step.questionId);
  // A review question may be reworded for its due point; it is still graded against the bank question.
  const prompt = step.prompt ?? question.title;
  const targets = step.targets ?? [];
  const turnId = randomUUID();
  const now = new Date();
  const greeting = settings.plan ? lines.reviewOpening(settings.plan.length) : lines.opening(settings.mode, total);
  const opening: RehearseMessage = {
    id: randomUUID(),
    role: "assistant",
    metadata: { createdAt: now.toISOString() },
    parts: [
      { type: "text", text: `${greeting}\n\n${lines.nextQuestion(1, total)}`, state: "done" },
      {
        type: "data-question",
        id: `question-${turnId}`,
        data: questionPart({ turnId, question, index: 1, total, kind: "main", targets, text: prompt }),
      },
    ],
  };
  const session: SessionRow = { id: sessionId, identityId, ...settings, state: "awaiting_answer", currentTurnId: turnId, createdAt: now, endedAt: null };
  const firstTurn = { id: turnId, sessionId, seq: 1, kind: "main", questionId: question.id, questionIndex: 1, prompt, targets, askedAt: now } as const;
  await createSession({ session, firstTurn, opening: messageRow(sessionId, opening) });
  // The view of what was just stored, made from the rows themselves rather than read back (two statements fewer per new session).
  const turn: TurnWithAssessment = {
    ...firstTurn,
    targets,
    answer: null,
    intent: null,
    answeredAt: null,
    overTimeLimit: false,
    createdAt: now,
    assessment: null,
  };
  return { session: sessionView({ session, turns: [turn], available }), messages: [opening] };
}
