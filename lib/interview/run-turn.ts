import { randomUUID } from "node:crypto";
import { findQuestion } from "@/lib/bank/load";
import { transaction } from "@/lib/db/client";
import {
  advanceSession,
  findAnswerMessageId,
  findMessage,
  findReply,
  insertMessage,
  insertTurn,
  recordReply,
  saveCandidateQuestionAnswer,
  type TurnWithAssessment,
} from "@/lib/db/queries";
import type { Assessment } from "@/lib/grading/assessment";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import { RehearseError } from "@/lib/errors";
import { storeAssessment } from "@/lib/progress/review-state";
import { answerCandidateQuestion, looksLikeCandidateQuestion } from "./ask";
import { dataPart, Reply, silentEmitter, textPart, type Emitter, type ReplyPart } from "./emitter";
import { dontKnowAssessment, followUpQuestion, lines } from "./interviewer";
import { messageOf, messageRow } from "./messages";
import type { ChatRequest, Intent, RehearseMessage } from "./protocol";
import { currentTurn, loadInterview, mainQuestionsAsked, random, snapshotOf, type InterviewContext } from "./session";
import { nextStep, type InterviewEvent } from "./state-machine";
import { feedbackParts, stepEffects, withTurn, type SessionMove } from "./turn-effects";

/**
 * One candidate message, end to end. The state machine decides (state-machine.ts), turn-effects.ts
 * turns the decision into rows and parts, and this runner applies them: prepareTurn stores the
 * message (committed before any response is sent, so before grading starts), runTurn grades or
 * answers, then stores everything the turn changed in one transaction and streams the parts.
 *
 * A message id is an idempotency key: a message the session already has is never handled again.
 * Its re-send gets the stored reply, or a 409 while the first send is still being handled.
 */

/** Answers this much past the mock time limit are still on time: network and typing lag. */
const TIME_LIMIT_GRACE_MS = 5_000;

export type PreparedTurn =
  /** A re-sent message: the reply its first send stored. */
  | { type: "replay"; replyId: string; parts: ReplyPart[] }
  /** Stored together with its reply already (skip, next, end): only streaming is left. */
  | { type: "reply"; replyId: string; parts: ReplyPart[] }
  /** The current turn's stored answer, to grade. */
  | { type: "grade"; replyId: string; ctx: InterviewContext; turn: TurnWithAssessment; replyTo: string | null; notice: ReplyPart[]; resumed: boolean }
  /** A question the candidate asked, stored as its own turn, to answer. */
  | { type: "answerCandidate"; replyId: string; ctx: InterviewContext; turnId: string; question: string; replyTo: string; notice: ReplyPart[] };

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

const STALE = () => new RehearseError("conflict:session", "This session moved on in another tab. Reload it to continue.");
const ANSWERED = () => new RehearseError("conflict:session", "This question was already answered. Reload the session.");

/** A message the session already has: its stored reply, or 409 while the first send is still being handled. */
async function resent(sessionId: string, messageId: string): Promise<PreparedTurn> {
  const reply = await findReply(sessionId, messageId);
  if (reply) return { type: "replay", replyId: reply.id, parts: messageOf(reply).parts };
  throw new RehearseError(
    "conflict:chat",
    "This message was already received and is still being handled: it is graded once. Its feedback shows when it is done; reload the session if it does not.",
  );
}

/** Checks the message against the session, then stores it. Throws RehearseError for the client's mistakes. */
export async function prepareTurn(identityId: string, request: ChatRequest): Promise<PreparedTurn> {
  const ctx = await loadInterview(request.sessionId, identityId);
  const sessionId = ctx.session.id;
  const messageId = request.message.id;
  if (await findMessage(sessionId, messageId)) return resent(sessionId, messageId);

  const text = request.message.parts.map((p) => p.text).join("").trim();
  const replyId = randomUUID();
  const turn = currentTurn(ctx);

  if (ctx.session.state === "grading" && turn) {
    // The candidate's new message waits: their earlier answer is graded first (and they are told).
    const replyTo = await findAnswerMessageId(sessionId, turn.id);
    return { type: "grade", replyId, ctx, turn, replyTo, notice: [textPart(lines.regraded)], resumed: true };
  }

  let intent = request.message.metadata.intent;
  if ((intent === "answer" || intent === "ask") && text === "") {
    throw new RehearseError("bad_request:answer", intent === "ask" ? "Your question is empty." : "Your answer is empty.", "message.parts.0.text");
  }
  const detectedAsk = intent === "answer" && !request.message.metadata.confirmed && ctx.session.state === "awaiting_answer" && looksLikeCandidateQuestion(text);
  if (detectedAsk) intent = "ask";

  const step = nextStep(snapshotOf(ctx), eventFor(intent), random());
  if (step.type === "invalid") throw new RehearseError("conflict:session", step.message);

  const message = userMessage(request, text, intent);
  const now = new Date();

  if (step.type === "answerCandidate") {
    const turnId = randomUUID();
    const stored = await transaction(async (tx) => {
      if (!(await insertMessage(tx, messageRow(sessionId, message, { turnId })))) return false;
      await insertTurn(tx, {
        id: turnId,
        sessionId,
        seq: ctx.turns.reduce((max, t) => Math.max(max, t.seq), 0) + 1,
        kind: "ask",
        questionId: null,
        questionIndex: turn?.questionIndex ?? mainQuestionsAsked(ctx).length,
        prompt: text,
        intent: "ask",
        askedAt: now,
      });
      return true;
    });
    if (!stored) return resent(sessionId, messageId);
    const notice = detectedAsk ? [dataPart("status", `status-${turnId}`, { state: "ask-detected", intent: "ask", message: lines.askDetected })] : [];
    return { type: "answerCandidate", replyId, ctx, turnId, question: text, replyTo: messageId, notice };
  }

  if (!turn) throw new RehearseError("conflict:session", "There is no question to answer.");
  const grading = step.type === "grade";
  const limit = ctx.session.timeLimitSec;
  const reply = {
    answer: grading ? text || "I don't know" : null,
    intent,
    answeredAt: now,
    overTimeLimit: grading && limit !== null && now.getTime() - turn.askedAt.getTime() > limit * 1000 + TIME_LIMIT_GRACE_MS,
  };

  if (grading) {
    // Committed before grading starts: neither a grading failure nor a crash loses the answer.
    const stored = await transaction(async (tx) => {
      if (!(await insertMessage(tx, messageRow(sessionId, message, { turnId: turn.id })))) return false;
      if (!(await recordReply(tx, { sessionId, turnId: turn.id, ...reply, state: "grading" }))) throw ANSWERED();
      return true;
    });
    if (!stored) return resent(sessionId, messageId);
    const answered = withTurn(ctx, turn.id, reply, { state: "grading" });
    return { type: "grade", replyId, ctx: answered, turn: currentTurn(answered)!, replyTo: messageId, notice: [], resumed: false };
  }

  // Skip, next, end: nothing slow comes before moving on, so the message, the reply to the turn,
  // the move and the interviewer's reply are stored in one transaction.
  const effects = stepEffects(withTurn(ctx, turn.id, reply), step, { newTurnId: randomUUID(), now, followUpText: null });
  const parts = [...(intent === "skip" || intent === "next" ? [textPart(lines.skipped)] : []), ...effects.parts];
  const stored = await transaction(async (tx) => {
    if (!(await insertMessage(tx, messageRow(sessionId, message, { turnId: turn.id })))) return false;
    if (!(await recordReply(tx, { sessionId, turnId: turn.id, ...reply }))) throw ANSWERED();
    await applyMove(tx, effects.move);
    await insertMessage(tx, replyRow(sessionId, replyId, parts, messageId));
    return true;
  });
  if (!stored) return resent(sessionId, messageId);
  return { type: "reply", replyId, parts };
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

function replyRow(sessionId: string, replyId: string, parts: ReplyPart[], replyTo: string | null) {
  return messageRow(sessionId, { id: replyId, role: "assistant", parts, metadata: { createdAt: new Date().toISOString() } }, { replyTo });
}

type Tx = Parameters<Parameters<typeof transaction>[0]>[0];

/** The session's compare-and-set move; throwing rolls back the whole transaction. */
async function applyMove(tx: Tx, move: SessionMove): Promise<void> {
  if (!(await advanceSession(tx, move))) throw STALE();
}

/** Streams what the interviewer does with a prepared message. */
export async function runTurn(prepared: PreparedTurn, emit: Emitter): Promise<void> {
  switch (prepared.type) {
    case "replay":
    case "reply":
      for (const part of prepared.parts) emit.send(part);
      return;
    case "grade":
      await gradePending(prepared, emit);
      return;
    case "answerCandidate":
      return answerAsked(prepared, emit);
  }
}

/**
 * Grades the stored, ungraded answer of the current turn, then moves on: the assessment, its
 * effect on the review schedule, the next question (or the end) and the reply are one transaction.
 * Used live and when a session is resumed after grading failed or the server stopped mid-way.
 * Returns false when another request graded this answer first (theirs stands).
 */
async function gradePending(prepared: Extract<PreparedTurn, { type: "grade" }>, emit: Emitter): Promise<boolean> {
  const { ctx, turn } = prepared;
  if (!turn.questionId || turn.answer === null) throw new Error("no stored answer to grade");
  const reply = new Reply();
  const live = (part: ReplyPart) => {
    reply.add(part);
    emit.send(part);
  };
  prepared.notice.forEach(live);

  const practice = ctx.session.mode === "practice";
  const refused = turn.intent === "dont-know";
  // Graded by an earlier release that stored the grade and stopped before moving on: reuse that grade.
  const stored = turn.assessment;
  const question = findQuestion(turn.questionId);
  if (!question) throw new Error(`question "${turn.questionId}" is referenced by a session but is no longer in the bank`);
  const assessment: Assessment = stored
    ? stored.assessment
    : refused
      ? dontKnowAssessment(question)
      : await gradeAnswer(
          { questionId: question.id, answer: turn.answer },
          {
            onKeyPoint: (verdict) => {
              if (practice) live(dataPart("keyPoint", `kp-${turn.id}-${verdict.id}`, { ...verdict, turnId: turn.id }));
            },
          },
        );
  // A follow-up answer is graded against the whole question; what matters is the points it was asked about.
  const recovered = stored
    ? stored.recovered
    : turn.kind === "followUp"
      ? turn.targets.filter((id) => assessment.keyPoints.some((k) => k.id === id && (k.verdict === "covered" || k.verdict === "partial")))
      : [];

  // Decide: ctx was loaded before this assessment existed, and the state machine adds its coverage itself.
  const step = nextStep(snapshotOf(ctx), { type: "graded", assessment, refused }, random());
  if (step.type === "invalid" || step.type === "grade" || step.type === "answerCandidate") throw new Error(`cannot move on from a graded answer with "${step.type}"`);
  const now = new Date();
  const graded = withTurn(ctx, turn.id, {
    assessment: stored ?? { id: "", turnId: turn.id, assessment, grader: assessment.grader.kind, score: assessment.score, recovered, createdAt: now },
  });
  const followUpText =
    step.type === "followUp"
      ? await followUpQuestion({
          question,
          targets: rubricPoints(question).filter((p) => step.targets.includes(p.id)),
          judgeFollowUp: assessment.followUp,
          firstProbe: !ctx.turns.some((t) => t.kind === "followUp" && t.questionIndex === turn.questionIndex),
        })
      : null;
  const effects = stepEffects(graded, step, { newTurnId: randomUUID(), now, followUpText });
  const resumedNote = prepared.resumed
    ? [dataPart("status", `status-${randomUUID()}`, { state: "resumed", message: "Your earlier answer was graded first; send your last message again if it still applies." })]
    : [];
  const after = [...feedbackParts(ctx, turn, { assessment, recovered, refused }), ...effects.parts, ...resumedNote];
  after.forEach((part) => reply.add(part));

  const committed = await transaction(async (tx) => {
    const row = { turnId: turn.id, assessment, grader: assessment.grader.kind, score: assessment.score, recovered };
    if (!stored && !(await storeAssessment(tx, row))) return false;
    await applyMove(tx, effects.move);
    await insertMessage(tx, replyRow(ctx.session.id, prepared.replyId, reply.parts, prepared.replyTo));
    return true;
  });
  if (!committed) {
    resumedNote.forEach((part) => emit.send(part));
    return false;
  }
  after.forEach((part) => emit.send(part));
  return true;
}

async function answerAsked(prepared: Extract<PreparedTurn, { type: "answerCandidate" }>, emit: Emitter): Promise<void> {
  const { ctx, turnId } = prepared;
  const reply = new Reply();
  const live = (part: ReplyPart) => {
    reply.add(part);
    emit.send(part);
  };
  prepared.notice.forEach(live);
  const partId = `answer-${turnId}`;
  const answer = await answerCandidateQuestion({
    question: prepared.question,
    // While a question is open, asking must not hand over its reference answer.
    withhold: ctx.session.state === "ended" ? null : (currentTurn(ctx)?.questionId ?? null),
    onText: (partial) => live(dataPart("groundedAnswer", partId, partial)),
  });
  const final = dataPart("groundedAnswer", partId, answer);
  reply.add(final);
  await transaction(async (tx) => {
    await saveCandidateQuestionAnswer(tx, turnId, answer.text);
    await insertMessage(tx, replyRow(ctx.session.id, prepared.replyId, reply.parts, prepared.replyTo));
  });
  emit.send(final);
}

/**
 * Resuming a session (GET /api/sessions/[id]) finishes what a request left undone: an answer that
 * was stored but never graded is graded now, and the reply is stored with it. Returns true when it
 * did something.
 */
export async function resumeSession(ctx: InterviewContext): Promise<boolean> {
  const turn = currentTurn(ctx);
  if (ctx.session.state !== "grading" || !turn) return false;
  const replyTo = await findAnswerMessageId(ctx.session.id, turn.id);
  try {
    return await gradePending({ type: "grade", replyId: randomUUID(), ctx, turn, replyTo, notice: [textPart(lines.regraded)], resumed: false }, silentEmitter);
  } catch (error) {
    if (error instanceof RehearseError) return false; // moved on meanwhile
    throw error;
  }
}
