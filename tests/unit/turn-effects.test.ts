import { describe, expect, it } from "vitest";
import { getBank } from "@/lib/bank/load";
import type { TurnWithAssessment } from "@/lib/db/queries";
import type { SessionRow } from "@/lib/db/schema";
import { dontKnowAssessment } from "@/lib/interview/interviewer";
import type { InterviewContext } from "@/lib/interview/session";
import { stepEffects, withTurn } from "@/lib/interview/turn-effects";

/**
 * The step function is pure: from a session as loaded and a decided step, the move to store and
 * the parts to send, with ids and times passed in, and the context left as it was.
 */

const [first, second] = getBank().filter((q) => q.track === "flask");
const now = new Date("2026-12-01T10:00:00Z");

function mockSession(): InterviewContext {
  const session: SessionRow = {
    id: "00000000-0000-4000-8000-000000000001",
    identityId: "00000000-0000-4000-8000-000000000002",
    track: "flask",
    mode: "mock",
    questionCount: 2,
    timeLimitSec: null,
    state: "grading",
    currentTurnId: "t2",
    createdAt: now,
    endedAt: null,
    plan: null,
  };
  const turn = (id: string, seq: number, questionId: string, graded: boolean): TurnWithAssessment => ({
    id,
    sessionId: session.id,
    seq,
    kind: "main",
    questionId,
    questionIndex: seq,
    prompt: questionId,
    targets: [],
    answer: "an answer",
    intent: "answer",
    askedAt: now,
    answeredAt: now,
    overTimeLimit: false,
    createdAt: now,
    assessment: graded
      ? {
          id: `a${seq}`,
          turnId: id,
          assessment: dontKnowAssessment(getBank().find((q) => q.id === questionId)!),
          grader: "local",
          score: 0,
          recovered: [],
          createdAt: now,
        }
      : null,
  });
  return { session, turns: [turn("t1", 1, first!.id, true), turn("t2", 2, second!.id, false)], available: [first!.id, second!.id] };
}

describe("stepEffects", () => {
  it("ends a mock interview: the session moves from where it was to ended, every held assessment in order, then the summary", () => {
    const ctx = mockSession();
    const graded = withTurn(ctx, "t2", { assessment: { ...ctx.turns[0]!.assessment!, id: "", turnId: "t2" } });
    const before = structuredClone(ctx);
    const effects = stepEffects(graded, { type: "end", reason: "completed" }, { newTurnId: "unused", now, followUpText: null });

    expect(effects.move).toEqual({ sessionId: ctx.session.id, from: { state: "grading", turnId: "t2" }, to: { state: "ended", turnId: null, endedAt: now } });
    expect(effects.parts.map((p) => p.type)).toEqual(["text", "data-assessment", "data-assessment", "data-summary"]);
    expect(effects.parts.filter((p) => p.type === "data-assessment").map((p) => ("id" in p ? p.id : ""))).toEqual(["assessment-t1", "assessment-t2"]);
    const summary = effects.parts.at(-1) as { data: { questions: Array<{ questionId: string; score: number | null }> } };
    expect(summary.data.questions).toEqual([
      expect.objectContaining({ questionId: first!.id, score: 0 }),
      expect.objectContaining({ questionId: second!.id, score: 0 }),
    ]);
    expect(ctx).toEqual(before);
  });

  it("puts a follow-up on the same question, after the last turn, worded as given", () => {
    const ctx = { ...mockSession(), session: { ...mockSession().session, mode: "practice" as const } };
    const effects = stepEffects(ctx, { type: "followUp", questionId: second!.id, targets: ["kp1"] }, { newTurnId: "t3", now, followUpText: "Why?" });
    expect(effects.move.to).toEqual({ state: "awaiting_answer", turnId: "t3" });
    expect(effects.move.newTurn).toMatchObject({
      id: "t3",
      seq: 3,
      kind: "followUp",
      questionId: second!.id,
      questionIndex: 2,
      prompt: "Why?",
      targets: ["kp1"],
    });
    expect(effects.parts.at(-1)).toMatchObject({ type: "data-question", id: "question-t3", data: { kind: "followUp", index: 2, text: "Why?" } });
  });
});
