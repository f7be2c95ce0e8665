import { describe, expect, it } from "vitest";
import { RUBRIC_VERSION, type Assessment, type KeyPointVerdict, type Verdict } from "@/lib/grading/assessment";
import {
  coveredAfter,
  firstStep,
  followUpTargets,
  MAX_FOLLOW_UPS,
  nextStep,
  phaseAfter,
  pickQuestion,
  type InterviewSnapshot,
} from "@/lib/interview/state-machine";

const point = (id: string, verdict: Verdict, core = true): KeyPointVerdict => ({
  id,
  text: `point ${id}`,
  core,
  origin: "keyPoints",
  verdict,
  evidence: verdict === "missed" ? "" : "said so",
});

function assessment(keyPoints: KeyPointVerdict[], score = 7, extra: Partial<Assessment> = {}): Assessment {
  return {
    questionId: "django/q1",
    score,
    band: score >= 7 ? "strong" : score >= 5 ? "adequate" : "weak",
    rubricVersion: RUBRIC_VERSION,
    keyPoints,
    errors: [],
    strengths: [],
    improvements: [],
    improvedAnswer: "",
    followUp: "What about the rest?",
    injectionDetected: false,
    offTopic: false,
    grader: { kind: "local" },
    ...extra,
  };
}

const base: InterviewSnapshot = {
  mode: "practice",
  phase: "awaiting_answer",
  total: null,
  available: ["django/q1", "django/q2", "django/q3"],
  asked: ["django/q1"],
  current: { questionId: "django/q1", kind: "main", followUps: 0, covered: [] },
};
const grading: InterviewSnapshot = { ...base, phase: "grading" };
const gaps = assessment([point("a", "covered"), point("b", "missed"), point("c", "partial")]);

describe("interview state machine", () => {
  it("grades an answer to the open question", () => {
    const step = nextStep(base, { type: "answer" }, 0);
    expect(step).toEqual({ type: "grade" });
    expect(phaseAfter(step, "awaiting_answer")).toBe("grading");
  });

  it("probes the missed and partial points after feedback in practice mode", () => {
    const step = nextStep(grading, { type: "graded", assessment: gaps, refused: false }, 0);
    expect(step).toEqual({ type: "followUp", questionId: "django/q1", targets: ["b", "c"] });
    expect(phaseAfter(step, "grading")).toBe("awaiting_answer");
  });

  it("never probes more than twice per question", () => {
    const third: InterviewSnapshot = { ...grading, current: { ...grading.current!, kind: "followUp", followUps: MAX_FOLLOW_UPS } };
    const step = nextStep(third, { type: "graded", assessment: gaps, refused: false }, 0);
    expect(step.type).toBe("ask");
  });

  it("does not re-probe points an earlier answer to the same question covered", () => {
    const second: InterviewSnapshot = { ...grading, current: { ...grading.current!, kind: "followUp", followUps: 1, covered: ["b"] } };
    const followUpAnswer = assessment([point("a", "missed"), point("b", "missed"), point("c", "covered")], 2);
    const step = nextStep(second, { type: "graded", assessment: followUpAnswer, refused: false }, 0);
    expect(step).toEqual({ type: "followUp", questionId: "django/q1", targets: ["a"] });
  });

  it("moves on when every point is covered", () => {
    const full = assessment([point("a", "covered"), point("b", "covered")], 10);
    const step = nextStep(grading, { type: "graded", assessment: full, refused: false }, 0);
    expect(step).toEqual({ type: "ask", questionId: "django/q2" });
  });

  it("does not probe after I don't know, an off-topic answer or an injection attempt", () => {
    for (const [a, refused] of [
      [assessment(gaps.keyPoints, 0), true],
      [assessment(gaps.keyPoints, 1, { offTopic: true }), false],
      [assessment(gaps.keyPoints, 3, { injectionDetected: true }), false],
    ] as const) {
      expect(nextStep(grading, { type: "graded", assessment: a, refused }, 0).type).toBe("ask");
    }
  });

  it("gives no follow-ups in mock mode and ends after N questions", () => {
    const mock: InterviewSnapshot = { ...grading, mode: "mock", total: 2, asked: ["django/q1"] };
    expect(nextStep(mock, { type: "graded", assessment: gaps, refused: false }, 0.99)).toEqual({ type: "ask", questionId: "django/q3" });
    const last: InterviewSnapshot = { ...mock, asked: ["django/q1", "django/q3"] };
    expect(nextStep(last, { type: "graded", assessment: gaps, refused: false }, 0)).toEqual({ type: "end", reason: "completed" });
  });

  it("never repeats a question and ends practice when the track runs out", () => {
    const allAsked: InterviewSnapshot = { ...base, asked: ["django/q1", "django/q2", "django/q3"] };
    expect(nextStep(allAsked, { type: "skip" }, 0.5)).toEqual({ type: "end", reason: "exhausted" });
    for (const r of [0, 0.3, 0.6, 0.999]) {
      expect(pickQuestion(base.available, ["django/q2"], r)).not.toBe("django/q2");
    }
  });

  it("skip and next move to another question; end ends from any live phase", () => {
    expect(nextStep(base, { type: "skip" }, 0)).toEqual({ type: "ask", questionId: "django/q2" });
    const onFollowUp: InterviewSnapshot = { ...base, current: { ...base.current!, kind: "followUp", followUps: 1 } };
    expect(nextStep(onFollowUp, { type: "next" }, 0)).toEqual({ type: "ask", questionId: "django/q2" });
    expect(nextStep(base, { type: "end" }, 0)).toEqual({ type: "end", reason: "requested" });
    expect(nextStep(grading, { type: "end" }, 0)).toEqual({ type: "end", reason: "requested" });
  });

  it("answers the candidate's question without leaving the open question", () => {
    const step = nextStep(base, { type: "ask" }, 0);
    expect(step).toEqual({ type: "answerCandidate" });
    expect(phaseAfter(step, "awaiting_answer")).toBe("awaiting_answer");
  });

  it("rejects answers to an ended session and events out of order", () => {
    const ended: InterviewSnapshot = { ...base, phase: "ended", current: null };
    expect(nextStep(ended, { type: "answer" }, 0).type).toBe("invalid");
    expect(nextStep(ended, { type: "ask" }, 0).type).toBe("answerCandidate");
    expect(nextStep(grading, { type: "answer" }, 0).type).toBe("invalid");
    expect(nextStep(base, { type: "graded", assessment: gaps, refused: false }, 0).type).toBe("invalid");
  });

  it("starts with the requested question, else a random one from the track", () => {
    const fresh: InterviewSnapshot = { ...base, asked: [], current: null };
    expect(firstStep(fresh, 0.9, "django/q2")).toEqual({ type: "ask", questionId: "django/q2" });
    expect(firstStep(fresh, 0.9)).toEqual({ type: "ask", questionId: "django/q3" });
  });
});

describe("follow-up targets", () => {
  it("puts core before extra, wrong before missing before partial, at most two", () => {
    const points = [point("p", "partial"), point("x", "missed", false), point("m", "missed"), point("w", "contradicted")];
    expect(followUpTargets(points, [])).toEqual(["w", "m"]);
  });

  it("accumulates covered points across answers", () => {
    expect(coveredAfter(["a"], assessment([point("a", "missed"), point("b", "covered")]))).toEqual(["a", "b"]);
  });
});

describe("reading the candidate's message", () => {
  it("takes a question addressed to the interviewer as a question", async () => {
    const { looksLikeCandidateQuestion } = await import("@/lib/interview/ask");
    for (const text of [
      "What's the difference between select_related and prefetch_related?",
      "Could you explain how blueprints work?",
      "How does FastAPI validate request bodies?",
    ]) {
      expect(looksLikeCandidateQuestion(text), text).toBe(true);
    }
  });

  it("keeps answers as answers, even hesitant ones that end with a question mark", async () => {
    const { looksLikeCandidateQuestion } = await import("@/lib/interview/ask");
    for (const text of [
      "Is it the ORM that maps models to tables?",
      "Middleware wraps every request. It can short-circuit, e.g. for auth. What else? It can also modify responses. And it runs in order?",
      "Django uses MVT: models, views and templates.",
      "",
    ]) {
      expect(looksLikeCandidateQuestion(text), text).toBe(false);
    }
  });
});

describe("session summary", () => {
  it("scores main answers, counts skips, lists points never recovered and suggests what to revisit", async () => {
    const { buildSummary } = await import("@/lib/interview/summary");
    const bank = new Map(["django/q1", "django/q2", "django/q3", "django/q4"].map((id) => [id, { id, title: id.toUpperCase() }]));
    const find = (id: string) => bank.get(id) as never;
    const main = assessment([point("a", "covered"), point("b", "missed"), point("c", "missed")], 6);
    const probe = assessment([point("a", "missed"), point("b", "covered"), point("c", "missed")], 2);
    const summary = buildSummary(
      [
        { kind: "main", questionId: "django/q1", answer: "...", intent: "answer", overTimeLimit: false, assessment: main },
        { kind: "followUp", questionId: "django/q1", answer: "...", intent: "answer", overTimeLimit: false, assessment: probe },
        { kind: "ask", questionId: null, answer: "grounded", intent: "ask", overTimeLimit: false, assessment: null },
        { kind: "main", questionId: "django/q2", answer: null, intent: "skip", overTimeLimit: false, assessment: null },
        { kind: "main", questionId: "django/q3", answer: "...", intent: "answer", overTimeLimit: true, assessment: assessment([point("z", "covered")], 9) },
      ],
      ["django/q1", "django/q2", "django/q3", "django/q4"],
      find,
    );
    expect(summary.questions).toEqual([
      { questionId: "django/q1", title: "DJANGO/Q1", score: 6, skipped: false },
      { questionId: "django/q2", title: "DJANGO/Q2", score: null, skipped: true },
      { questionId: "django/q3", title: "DJANGO/Q3", score: 9, skipped: false, overTime: true },
    ]);
    expect(summary.average).toBe(7.5);
    // b was recovered by the follow-up; c was missed twice.
    expect(summary.missedMost).toEqual([{ text: "point c", questionId: "django/q1", count: 2 }]);
    expect(summary.suggested.map((s) => s.questionId)).toEqual(["django/q2", "django/q1", "django/q4"]);
  });
});
