import { randomUUID } from "node:crypto";
import type { Assessment } from "@/lib/grading/assessment";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import {
  advanceSession,
  listTurns,
  recordCandidateQuestion,
  recordReply,
  saveAssessment,
  saveCandidateQuestionAnswer,
  saveMessage,
} from "@/lib/db/queries";
import { findQuestion } from "@/lib/bank/load";
import { RehearseError } from "@/lib/errors";
import { answerCandidateQuestion, looksLikeCandidateQuestion } from "./ask";
import { collectingEmitter, type Emitter } from "./emitter";
import { dontKnowAssessment, followUpQuestion, lines, questionPart, referenceOf } from "./interviewer";
import type { ChatRequest, Intent, RehearseMessage } from "./protocol";
import { bankQuestion, currentTurn, loadInterview, mainQuestionsAsked, mockTotal, random, snapshotOf, type InterviewContext } from "./session";
import { nextStep, type InterviewEvent, type Step } from "./state-machine";
import { buildSummary } from "./summary";

/**
 * One candidate message, end to end: validate and store it (prepareTurn, before any response
 * is sent), then grade / probe / answer / move on while streaming parts (runTurn).
 */

/** Answers this much past the mock time limit are still on time: network and typing lag. */
const TIME_LIMIT_GRACE_MS = 5_000;

export interface PreparedTurn {
  ctx: InterviewContext;
  /** The candidate's message as stored. */
  userMessage: RehearseMessage;
  intent: Intent;
  /** The message was sent as an answer but read as a question to the interviewer. */
  detectedAsk: boolean;
  step: Step;
  /** The turn this message created or replied to. */
  turnId: string | null;
  /** An answer stored earlier was never graded (grading failed or the server stopped): grade it first. */
  resumePending: boolean;
}

function eventFor(intent: Intent): InterviewEvent {
  switch (intent) {
    case "answer":
    case "dont-know":
      return { type: "answer" };
    case "ask":
      return { type: "ask" };
    case "skip":
      return { type: "skip" };
    case "next":
      return { type: "next" };
    case "end":
      return { type: "end" };
  }
}

/** Checks the message against the session, then stores it. Throws RehearseError for the client's mistakes. */
export async function prepareTurn(identityId: string, request: ChatRequest): Promise<PreparedTurn> {
  const ctx = await loadInterview(request.sessionId, identityId);
  const text = request.message.parts.map((p) => p.text).join("").trim();
  const sentIntent = request.message.metadata.intent;

  if (ctx.session.state === "grading") {
    // The candidate's new message waits: their earlier answer is graded first (and they are told).
    return { ctx, userMessage: userMessage(request, text, sentIntent), intent: sentIntent, detectedAsk: false, step: { type: "grade" }, turnId: ctx.session.currentTurnId, resumePending: true };
  }

  let intent = sentIntent;
  if ((intent === "answer" || intent === "ask") && text === "") {
    throw new RehearseError("bad_request:answer", intent === "ask" ? "Your question is empty." : "Your answer is empty.", "message.parts.0.text");
  }
  const detectedAsk = intent === "answer" && !request.message.metadata.confirmed && ctx.session.state === "awaiting_answer" && looksLikeCandidateQuestion(text);
  if (detectedAsk) intent = "ask";

  const step = nextStep(snapshotOf(ctx), eventFor(intent), random());
  if (step.type === "invalid") throw new RehearseError("conflict:session", step.message);

  const message = userMessage(request, text, intent);
  const now = new Date();
  const turn = currentTurn(ctx);

  if (step.type === "answerCandidate") {
    const turnId = randomUUID();
    await recordCandidateQuestion({
      turn: {
        id: turnId,
        sessionId: ctx.session.id,
        seq: nextSeq(ctx),
        kind: "ask",
        questionId: null,
        questionIndex: turn?.questionIndex ?? mainQuestionsAsked(ctx).length,
        prompt: text,
        intent: "ask",
        askedAt: now,
      },
      userMessage: message,
    });
    return { ctx, userMessage: message, intent, detectedAsk, step, turnId, resumePending: false };
  }

  if (turn) {
    const limit = ctx.session.timeLimitSec;
    const overTimeLimit = step.type === "grade" && limit !== null && now.getTime() - turn.askedAt.getTime() > limit * 1000 + TIME_LIMIT_GRACE_MS;
    const answer = step.type === "grade" ? text || "I don't know" : null;
    const stored = await recordReply({
      sessionId: ctx.session.id,
      turnId: turn.id,
      answer,
      intent,
      answeredAt: now,
      overTimeLimit,
      state: step.type === "grade" ? "grading" : ctx.session.state,
      userMessage: message,
    });
    if (!stored) throw new RehearseError("conflict:session", "This question was already answered. Reload the session.");
    Object.assign(turn, { answer, intent, answeredAt: now, overTimeLimit });
    if (step.type === "grade") ctx.session.state = "grading";
  }
  return { ctx, userMessage: message, intent, detectedAsk, step, turnId: turn?.id ?? null, resumePending: false };
}

function userMessage(request: ChatRequest, text: string, intent: Intent): RehearseMessage {
  return {
    id: request.message.id,
    role: "user",
    parts: text ? [{ type: "text", text }] : [],
    // A spoken answer keeps the recogniser's original transcript and delivery beside the edited text.
    metadata: { intent, createdAt: new Date().toISOString(), ...(request.message.metadata.voice ? { voice: request.message.metadata.voice } : {}) },
  };
}

function nextSeq(ctx: InterviewContext): number {
  return ctx.turns.reduce((max, t) => Math.max(max, t.seq), 0) + 1;
}

/** Streams what the interviewer does with a prepared message. */
export async function runTurn(prepared: PreparedTurn, emit: Emitter): Promise<void> {
  const { ctx, step } = prepared;
  if (prepared.resumePending) {
    emit.text(lines.regraded);
    await gradePending(ctx, emit);
    emit.data("status", `status-${randomUUID()}`, {
      state: "resumed",
      message: "Your earlier answer was graded first; send your last message again if it still applies.",
    });
    return;
  }
  if (prepared.detectedAsk) {
    emit.data("status", `status-${prepared.turnId}`, { state: "ask-detected", intent: "ask", message: lines.askDetected });
  }
  switch (step.type) {
    case "grade":
      return gradePending(ctx, emit);
    case "answerCandidate":
      return answerAsked(ctx, prepared.turnId!, prepared.userMessage, emit);
    case "ask":
    case "end":
    case "followUp":
      if (prepared.intent === "skip" || prepared.intent === "next") emit.text(lines.skipped);
      return applyStep(ctx, step, emit, { judgeFollowUp: "" });
    case "invalid":
      throw new RehearseError("conflict:session", step.message);
  }
}

/**
 * Grades the stored, ungraded answer of the current turn, then moves on. Used live and when a
 * session is resumed after grading failed or the server stopped mid-way.
 */
async function gradePending(ctx: InterviewContext, emit: Emitter): Promise<void> {
  const turn = currentTurn(ctx);
  if (!turn?.questionId || turn.answer === null) throw new Error("no stored answer to grade");
  const question = bankQuestion(turn.questionId);
  const practice = ctx.session.mode === "practice";
  const refused = turn.intent === "dont-know";
  // Graded and stored by a request that stopped before moving on (the server was killed): reuse that grade.
  const stored = turn.assessment;

  const assessment: Assessment = stored
    ? stored.assessment
    : refused
      ? dontKnowAssessment(question)
      : await gradeAnswer(
          { questionId: question.id, answer: turn.answer },
          {
            onKeyPoint: (verdict) => {
              if (practice) emit.data("keyPoint", `kp-${turn.id}-${verdict.id}`, { ...verdict, turnId: turn.id });
            },
          },
        );
  // A follow-up answer is graded against the whole question; what matters is the points it was asked about.
  const recovered = stored
    ? stored.recovered
    : turn.kind === "followUp"
      ? turn.targets.filter((id) => assessment.keyPoints.some((k) => k.id === id && (k.verdict === "covered" || k.verdict === "partial")))
      : [];

  if (!stored && !(await saveAssessment({ turnId: turn.id, assessment, recovered }))) {
    // Another request graded this answer first (e.g. a reload resumed it): theirs stands.
    return;
  }

  if (practice) {
    if (refused) emit.text(lines.dontKnow);
    else if (turn.kind === "followUp") emit.text(lines.recovered(recovered.length));
    emit.data("assessment", `assessment-${turn.id}`, { turnId: turn.id, assessment, recovered, reference: referenceOf(question) });
  }

  // ctx was loaded before this assessment existed: the state machine adds its coverage itself.
  const step = nextStep(snapshotOf(ctx), { type: "graded", assessment, refused }, random());
  await applyStep(ctx, step, emit, { judgeFollowUp: assessment.followUp });
}

const STALE = () => new RehearseError("conflict:session", "This session moved on in another tab. Reload it to continue.");

async function applyStep(ctx: InterviewContext, step: Step, emit: Emitter, hints: { judgeFollowUp: string }): Promise<void> {
  const from = { state: ctx.session.state, turnId: ctx.session.currentTurnId };
  const total = mockTotal(ctx.session, ctx.available);
  const turn = currentTurn(ctx);

  if (step.type === "followUp") {
    const question = bankQuestion(step.questionId);
    const targets = rubricPoints(question).filter((p) => step.targets.includes(p.id));
    const firstProbe = !ctx.turns.some((t) => t.kind === "followUp" && t.questionIndex === turn?.questionIndex);
    const text = await followUpQuestion({ question, targets, judgeFollowUp: hints.judgeFollowUp, firstProbe });
    const id = randomUUID();
    const index = turn?.questionIndex ?? 1;
    const ok = await advanceSession({
      sessionId: ctx.session.id,
      from,
      to: { state: "awaiting_answer", turnId: id },
      newTurn: { id, sessionId: ctx.session.id, seq: nextSeq(ctx), kind: "followUp", questionId: question.id, questionIndex: index, prompt: text, targets: step.targets },
    });
    if (!ok) throw STALE();
    emit.text(lines.followUp);
    emit.data("question", `question-${id}`, questionPart({ turnId: id, question, index, total, kind: "followUp", targets: step.targets, text }));
    return;
  }

  if (step.type === "ask") {
    const question = bankQuestion(step.questionId);
    const id = randomUUID();
    const index = mainQuestionsAsked(ctx).length + 1;
    const ok = await advanceSession({
      sessionId: ctx.session.id,
      from,
      to: { state: "awaiting_answer", turnId: id },
      // A review plan's question may be reworded for its due points (targets); grading uses the bank question.
      newTurn: { id, sessionId: ctx.session.id, seq: nextSeq(ctx), kind: "main", questionId: question.id, questionIndex: index, prompt: step.prompt ?? question.title, targets: step.targets ?? [] },
    });
    if (!ok) throw STALE();
    emit.text(lines.nextQuestion(index, total));
    emit.data("question", `question-${id}`, questionPart({ turnId: id, question, index, total, kind: "main", targets: step.targets ?? [], text: step.prompt ?? question.title }));
    return;
  }

  if (step.type === "end") {
    const ok = await advanceSession({ sessionId: ctx.session.id, from, to: { state: "ended", turnId: null, endedAt: new Date() } });
    if (!ok) throw STALE();
    ctx.session.state = "ended";
    emit.text(lines.ended(step.reason));
    // A mock interview held its feedback until now: every answer's full assessment, then the summary.
    if (ctx.session.mode === "mock") await emitHeldFeedback(ctx, emit);
    emit.data("summary", `summary-${ctx.session.id}`, await summaryOf(ctx));
    return;
  }
  throw new Error(`applyStep cannot apply "${step.type}"`);
}

async function emitHeldFeedback(ctx: InterviewContext, emit: Emitter): Promise<void> {
  for (const turn of await listTurns(ctx.session.id)) {
    if (!turn.assessment || !turn.questionId) continue;
    const question = bankQuestion(turn.questionId);
    emit.data("assessment", `assessment-${turn.id}`, {
      turnId: turn.id,
      assessment: turn.assessment.assessment,
      recovered: turn.assessment.recovered,
      reference: referenceOf(question),
    });
  }
}

export async function summaryOf(ctx: InterviewContext) {
  const turns = await listTurns(ctx.session.id);
  return buildSummary(
    turns.map((t) => ({ ...t, assessment: t.assessment?.assessment ?? null })),
    ctx.available,
    findQuestion,
  );
}

async function answerAsked(ctx: InterviewContext, turnId: string, message: RehearseMessage, emit: Emitter): Promise<void> {
  const text = message.parts.map((p) => (p.type === "text" ? p.text : "")).join("");
  const pending = currentTurn(ctx);
  const partId = `answer-${turnId}`;
  const answer = await answerCandidateQuestion({
    question: text,
    // While a question is open, asking must not hand over its reference answer.
    withhold: ctx.session.state === "ended" ? null : (pending?.questionId ?? null),
    onText: (partial) => emit.data("groundedAnswer", partId, partial),
  });
  await saveCandidateQuestionAnswer(turnId, answer.text);
  emit.data("groundedAnswer", partId, answer);
}

/**
 * Resuming a session (GET /api/sessions/[id]) finishes what a request left undone: an answer that
 * was stored but never graded is graded now, and the result is stored as an interviewer message.
 * Returns true when it did something.
 */
export async function resumeSession(ctx: InterviewContext): Promise<boolean> {
  if (ctx.session.state !== "grading") return false;
  const emit = collectingEmitter();
  emit.text(lines.regraded);
  try {
    await gradePending(ctx, emit);
  } catch (error) {
    if (error instanceof RehearseError) return false; // moved on meanwhile
    throw error;
  }
  await saveMessage(ctx.session.id, emit.message(randomUUID()));
  return true;
}
