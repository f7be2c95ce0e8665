import { randomUUID } from "node:crypto";
import { transaction, type Db } from "@/lib/db/client";
import { advanceSession, findAnswerMessageId, findReply, insertMessage, insertTurn, recordReply, type TurnWithAssessment } from "@/lib/db/queries";
import { RehearseError } from "@/lib/errors";
import { looksLikeCandidateQuestion } from "./ask";
import { dataPart, textPart, type ReplyPart } from "./emitter";
import { lines } from "./interviewer";
import { messageOf, messageRow, replyRow } from "./messages";
import type { ChatRequest, Intent, RehearseMessage } from "./protocol";
import { currentTurn, loadInterviewForMessage, mainQuestionsAsked, random, snapshotOf, withAllAssessments, type InterviewContext } from "./session";
import { nextStep, type InterviewEvent } from "./state-machine";
import { stepEffects, withTurn, type SessionMove } from "./turn-effects";
import { timed } from "@/lib/turn-timing";

/**
 * The first half of an interview turn: the state machine decides what the candidate's message is,
 * and the message is stored (committed before any response is sent, so before grading starts).
 * Skip, next and end are done here in one transaction; grading and answering a question are left
 * to the runner (run-turn.ts).
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

export const STALE = () => new RehearseError("conflict:session", "This session moved on in another tab. Reload it to continue.");
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
  const messageId = request.message.id;
  // Read with the session in one snapshot: a session that this very message's first send moved to
  // "grading" must come with the message, or the re-send would be taken for a new one and grade again.
  const { ctx, messageStored } = await timed("session load", () => loadInterviewForMessage(request.sessionId, identityId, messageId));
  const sessionId = ctx.session.id;
  if (messageStored) return resent(sessionId, messageId);

  const text = request.message.parts
    .map((p) => p.text)
    .join("")
    .trim();
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
    const stored = await timed("store answer", () =>
      transaction(async (tx) => {
        const recorded = await recordReply(tx, messageRow(sessionId, message, { turnId: turn.id }), { sessionId, turnId: turn.id, ...reply, state: "grading" });
        if (recorded === "answered") throw ANSWERED();
        return recorded === "stored";
      }),
    );
    if (!stored) return resent(sessionId, messageId);
    const answered = withTurn(ctx, turn.id, reply, { state: "grading" });
    return { type: "grade", replyId, ctx: answered, turn: currentTurn(answered)!, replyTo: messageId, notice: [], resumed: false };
  }

  // Skip, next, end: nothing slow comes before moving on, so the message, the reply to the turn,
  // the move and the interviewer's reply are stored in one transaction.
  const replied = withTurn(ctx, turn.id, reply);
  const effects = stepEffects(step.type === "end" ? await withAllAssessments(replied) : replied, step, { newTurnId: randomUUID(), now, followUpText: null });
  const parts = [...(intent === "skip" || intent === "next" ? [textPart(lines.skipped)] : []), ...effects.parts];
  const stored = await transaction(async (tx) => {
    const recorded = await recordReply(tx, messageRow(sessionId, message, { turnId: turn.id }), { sessionId, turnId: turn.id, ...reply });
    if (recorded === "resent") return false;
    if (recorded === "answered") throw ANSWERED();
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

/** The session's compare-and-set move; throwing rolls back the whole transaction. */
export async function applyMove(tx: Db, move: SessionMove): Promise<void> {
  if (!(await advanceSession(tx, move))) throw STALE();
}
