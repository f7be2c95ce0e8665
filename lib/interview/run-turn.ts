import { randomUUID } from "node:crypto";
import { findQuestion } from "@/lib/bank/load";
import { transaction } from "@/lib/db/client";
import { findAnswerMessageId, insertMessage, recordGrade, saveCandidateQuestionAnswer } from "@/lib/db/queries";
import type { Assessment } from "@/lib/grading/assessment";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import { RehearseError } from "@/lib/errors";
import { applyAssessmentToReviewState, storeAssessment } from "@/lib/progress/review-state";
import { answerCandidateQuestion } from "./ask";
import { dataPart, Reply, silentEmitter, textPart, type Emitter, type ReplyPart } from "./emitter";
import { dontKnowAssessment, followUpNeedsModel, followUpQuestion, lines } from "./interviewer";
import { replyRow } from "./messages";
import { applyMove, STALE, type PreparedTurn } from "./prepare-turn";
import { currentTurn, random, snapshotOf, withAllAssessments, type InterviewContext } from "./session";
import { nextStep } from "./state-machine";
import { feedbackParts, stepEffects, withTurn } from "./turn-effects";
import { markTurn, timed } from "@/lib/turn-timing";

/**
 * The runner of a prepared turn (prepare-turn.ts stored the message and decided): grades or answers,
 * stores everything the turn changed in one transaction, and streams the reply's parts.
 */

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
 * effect on the review schedule, the next question (or the end) and the reply are one transaction
 * (unless the interviewer model must word a probe first: then the grade is committed and shown
 * before that call, and the rest follows in a second transaction).
 * Used live and when a session is resumed after grading failed or the server stopped mid-way.
 * Returns false when another request graded this answer first (theirs stands).
 */
async function gradePending(prepared: Extract<PreparedTurn, { type: "grade" }>, emit: Emitter): Promise<boolean> {
  const { ctx, turn } = prepared;
  const answer = turn.answer;
  if (!turn.questionId || answer === null) throw new Error("no stored answer to grade");
  const reply = new Reply();
  const live = (part: ReplyPart) => {
    reply.add(part);
    emit.send(part);
  };
  prepared.notice.forEach(live);

  const practice = ctx.session.mode === "practice";
  const refused = turn.intent === "dont-know";
  // Graded and stored by a request that stopped before moving on (killed while the interviewer model
  // worded a probe, or an earlier release that stored the two apart): reuse that grade.
  const stored = turn.assessment;
  const question = findQuestion(turn.questionId);
  if (!question) throw new Error(`question "${turn.questionId}" is referenced by a session but is no longer in the bank`);
  const assessment: Assessment = stored
    ? stored.assessment
    : refused
      ? dontKnowAssessment(question)
      : await timed("grading", () =>
          gradeAnswer(
            { questionId: question.id, answer },
            {
              onKeyPoint: (verdict) => {
                if (!practice) return;
                live(dataPart("keyPoint", `kp-${turn.id}-${verdict.id}`, { ...verdict, turnId: turn.id }));
                markTurn("first key point");
              },
            },
          ),
        );
  // Measured and not kept (2026-12-07): grading on a second thread while this one stored the answer,
  // started from a question id the client sent as a hint and used only once the answer was committed
  // for that question. One candidate alone: first key point 3.6–4.4× the bare route against 4.0–5.0×
  // alternated in one build. 50 candidates: end-of-stream p99 1.4–2.1 s against 0.6–1.2 s, and more
  // CPU per answer (the thread grades slower than this one on the 2-core machine); and ~50 MiB more RSS.
  // The verdicts just streamed leave now: PGlite runs on this thread, so parts written before the
  // storage below would otherwise wait for its transaction to end (bench-chat, one candidate: the first
  // key point reached the client with the end of the turn, p50 26–28 ms; now 19 ms).
  if (practice && !stored) await new Promise((resolve) => setImmediate(resolve));
  // A follow-up answer is graded against the whole question; what matters is the points it was asked about.
  const recovered = stored
    ? stored.recovered
    : turn.kind === "followUp"
      ? turn.targets.filter((id) => assessment.keyPoints.some((k) => k.id === id && (k.verdict === "covered" || k.verdict === "partial")))
      : [];

  // Decide: ctx was loaded before this assessment existed, and the state machine adds its coverage itself.
  const step = nextStep(snapshotOf(ctx), { type: "graded", assessment, refused }, random());
  if (step.type === "invalid" || step.type === "grade" || step.type === "answerCandidate")
    throw new Error(`cannot move on from a graded answer with "${step.type}"`);
  const now = new Date();
  const graded = withTurn(ctx, turn.id, {
    assessment: stored ?? { id: "", turnId: turn.id, assessment, grader: assessment.grader.kind, score: assessment.score, recovered, createdAt: now },
  });
  const wording =
    step.type === "followUp"
      ? {
          question,
          targets: rubricPoints(question).filter((p) => step.targets.includes(p.id)),
          judgeFollowUp: assessment.followUp,
          firstProbe: !ctx.turns.some((t) => t.kind === "followUp" && t.questionIndex === turn.questionIndex),
        }
      : null;
  const row = { turnId: turn.id, assessment, grader: assessment.grader.kind, score: assessment.score, recovered };
  // What the review schedule reads of the graded turn, from what is in hand rather than read back.
  const gradedTurn = {
    identityId: ctx.session.identityId,
    sessionId: ctx.session.id,
    kind: turn.kind,
    questionId: turn.questionId,
    questionIndex: turn.questionIndex,
    answeredAt: turn.answeredAt,
    score: assessment.score,
    keyPoints: assessment.keyPoints.map((k) => ({ id: k.id, text: k.text, verdict: k.verdict })),
    recovered,
  };
  const feedback = feedbackParts(ctx, turn, { assessment, recovered, refused });
  let gradeStored = stored !== null;
  if (wording && followUpNeedsModel(wording)) {
    // The interviewer model words this probe (seconds): the grade is stored and shown first rather
    // than waiting on it. A crash meanwhile leaves the grade stored, and a reload reuses it.
    if (!gradeStored && !(await transaction((tx) => storeAssessment(tx, row, gradedTurn)))) return lostTo(emit, prepared.resumed);
    gradeStored = true;
    feedback.splice(0).forEach(live);
  }
  const followUpText = wording ? await followUpQuestion(wording) : null;
  const effects = stepEffects(step.type === "end" ? await withAllAssessments(graded) : graded, step, { newTurnId: randomUUID(), now, followUpText });
  const after = [...feedback, ...effects.parts, ...(prepared.resumed ? [resumedNote()] : [])];
  for (const part of after) reply.add(part);

  const replyMessage = replyRow(ctx.session.id, prepared.replyId, reply.parts, prepared.replyTo);
  const committed = await timed("store grade", () =>
    transaction(async (tx) => {
      if (gradeStored) {
        await applyMove(tx, effects.move);
        await insertMessage(tx, replyMessage);
        return true;
      }
      const recorded = await recordGrade(tx, row, effects.move, replyMessage);
      if (recorded === "stale") throw STALE();
      if (recorded === "graded-already") throw new GradedElsewhere();
      await applyAssessmentToReviewState(tx, turn.id, gradedTurn);
      return true;
    }).catch((error: unknown) => {
      if (error instanceof GradedElsewhere) return false;
      throw error;
    }),
  );
  if (!committed) return lostTo(emit, prepared.resumed);
  for (const part of after) emit.send(part);
  return true;
}

/** Rolls the grading transaction back: another request stored this turn's assessment first, and theirs stands. */
class GradedElsewhere extends Error {}

const resumedNote = () =>
  dataPart("status", `status-${randomUUID()}`, {
    state: "resumed",
    message: "Your earlier answer was graded first; send your last message again if it still applies.",
  });

/** Another request graded this answer first: theirs stands, and this one only says it resumed. */
function lostTo(emit: Emitter, resumed: boolean): false {
  if (resumed) emit.send(resumedNote());
  return false;
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
