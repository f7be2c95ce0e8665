import { findQuestion } from "@/lib/bank/load";
import type { MoveArgs, TurnWithAssessment } from "@/lib/db/queries";
import type { Assessment } from "@/lib/grading/assessment";
import { dataPart, textPart, type ReplyPart } from "./emitter";
import { lines, questionPart, referenceOf } from "./interviewer";
import { bankQuestion, currentTurn, mainQuestionsAsked, mockTotal, type InterviewContext } from "./session";
import type { Step } from "./state-machine";
import { buildSummary } from "./summary";

/**
 * What a decided step does, as data: the session's move (with the question it puts) and the parts
 * of the interviewer's reply. Pure: ids, times and generated text come in as arguments; the runner
 * (run-turn.ts) stores the move and the reply in one transaction, then streams the parts.
 */

/** The session's compare-and-set move, with the question it puts (stored by advanceSession or recordGrade). */
export type SessionMove = MoveArgs;

export interface StepEffects {
  move: SessionMove;
  parts: ReplyPart[];
}

/** Inputs a step needs that are not in the context: made by the runner, so this stays pure. */
export interface StepInputs {
  /** The id of the question turn the step may put. */
  newTurnId: string;
  now: Date;
  /** A follow-up's wording (the judge's, the interviewer model's or the template: followUpQuestion). */
  followUpText: string | null;
}

function nextSeq(ctx: InterviewContext): number {
  return ctx.turns.reduce((max, t) => Math.max(max, t.seq), 0) + 1;
}

/** The context with one turn changed (and optionally the session): what the stored rows will say, without mutating `ctx`. */
export function withTurn(
  ctx: InterviewContext,
  turnId: string,
  change: Partial<TurnWithAssessment>,
  session: Partial<InterviewContext["session"]> = {},
): InterviewContext {
  return {
    ...ctx,
    session: { ...ctx.session, ...session },
    turns: ctx.turns.map((t) => (t.id === turnId ? { ...t, ...change } : t)),
  };
}

/** The move and parts of a step that puts a question or ends the session. */
export function stepEffects(ctx: InterviewContext, step: Step, inputs: StepInputs): StepEffects {
  const sessionId = ctx.session.id;
  const from = { state: ctx.session.state, turnId: ctx.session.currentTurnId };
  const total = mockTotal(ctx.session, ctx.available);
  const turn = currentTurn(ctx);
  const id = inputs.newTurnId;

  if (step.type === "followUp") {
    const question = bankQuestion(step.questionId);
    const text = inputs.followUpText;
    if (text === null) throw new Error("a follow-up needs its wording");
    const index = turn?.questionIndex ?? 1;
    return {
      move: {
        sessionId,
        from,
        to: { state: "awaiting_answer", turnId: id },
        newTurn: {
          id,
          sessionId,
          seq: nextSeq(ctx),
          kind: "followUp",
          questionId: question.id,
          questionIndex: index,
          prompt: text,
          targets: step.targets,
          askedAt: inputs.now,
        },
      },
      parts: [
        textPart(lines.followUp),
        dataPart("question", `question-${id}`, questionPart({ turnId: id, question, index, total, kind: "followUp", targets: step.targets, text })),
      ],
    };
  }

  if (step.type === "ask") {
    const question = bankQuestion(step.questionId);
    const index = mainQuestionsAsked(ctx).length + 1;
    // A review plan's question may be reworded for its due points (targets); grading uses the bank question.
    const text = step.prompt ?? question.title;
    const targets = step.targets ?? [];
    return {
      move: {
        sessionId,
        from,
        to: { state: "awaiting_answer", turnId: id },
        newTurn: { id, sessionId, seq: nextSeq(ctx), kind: "main", questionId: question.id, questionIndex: index, prompt: text, targets, askedAt: inputs.now },
      },
      parts: [
        textPart(lines.nextQuestion(index, total)),
        dataPart("question", `question-${id}`, questionPart({ turnId: id, question, index, total, kind: "main", targets, text })),
      ],
    };
  }

  if (step.type === "end") {
    // A mock's held feedback and the summary read every answer's assessment.
    if (ctx.currentQuestionOnly) throw new Error("ending a session needs every assessment: read them first (withAllAssessments)");
    const ended = { ...ctx, session: { ...ctx.session, state: "ended" as const } };
    return {
      move: { sessionId, from, to: { state: "ended", turnId: null, endedAt: inputs.now } },
      parts: [
        textPart(lines.ended(step.reason)),
        // A mock interview held its feedback until now: every answer's full assessment, then the summary.
        ...(ctx.session.mode === "mock" ? heldFeedback(ended) : []),
        dataPart("summary", `summary-${ctx.session.id}`, summaryOf(ended)),
      ],
    };
  }
  throw new Error(`stepEffects cannot apply "${step.type}"`);
}

/** The assessment part of a graded turn, with the reference answer shown beside it. */
export function assessmentPart(turn: TurnWithAssessment, assessment: Assessment, recovered: string[]): ReplyPart {
  return dataPart("assessment", `assessment-${turn.id}`, { turnId: turn.id, assessment, recovered, reference: referenceOf(bankQuestion(turn.questionId!)) });
}

/** What the candidate sees right after an answer is graded (practice only; a mock holds it until the end). */
export function feedbackParts(
  ctx: InterviewContext,
  turn: TurnWithAssessment,
  graded: { assessment: Assessment; recovered: string[]; refused: boolean },
): ReplyPart[] {
  if (ctx.session.mode !== "practice") return [];
  const labelOf = (id: string) => graded.assessment.keyPoints.find((k) => k.id === id);
  const recoveredLabels = graded.recovered.flatMap((id) => {
    const point = labelOf(id);
    return point ? [point.label ?? point.text] : [];
  });
  const line = graded.refused ? lines.dontKnow : turn.kind === "followUp" ? lines.recovered(recoveredLabels) : "";
  return [...(line ? [textPart(line)] : []), assessmentPart(turn, graded.assessment, graded.recovered)];
}

function heldFeedback(ctx: InterviewContext): ReplyPart[] {
  return ctx.turns.filter((t) => t.assessment && t.questionId).map((t) => assessmentPart(t, t.assessment!.assessment, t.assessment!.recovered));
}

/** The end-of-session summary, from the turns as stored (or as about to be stored). */
export function summaryOf(ctx: InterviewContext) {
  return buildSummary(
    ctx.turns.map((t) => ({ ...t, assessment: t.assessment?.assessment ?? null })),
    ctx.available,
    findQuestion,
  );
}
