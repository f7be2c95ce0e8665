import { randomUUID } from "node:crypto";
import { getBank } from "@/lib/bank/load";
import { getDb } from "@/lib/db/client";
import { applyAssessmentToReviewState } from "@/lib/progress/review-state";
import { assessments, identities, sessions, turns } from "@/lib/db/schema";
import { bandOf, RUBRIC_VERSION, type Assessment, type Verdict } from "@/lib/grading/assessment";

/**
 * Stored sessions for progress tests and the benchmark, written straight into the interview tables
 * the way the interview stores them (a main turn, its assessment, optionally a follow-up that recovers
 * points), without running an interview. The review state is updated as the interview updates it (lib/progress/review-state.ts).
 */

export interface SeedAnswer {
  questionId: string;
  answer: string;
  score: number;
  verdicts: Verdict[];
  answeredAt: Date;
  /** Point indexes a follow-up recovered. */
  recovered?: number[];
  grader?: Assessment["grader"];
}

export function assessmentFor(a: SeedAnswer): Assessment {
  const q = getBank().find((x) => x.id === a.questionId);
  if (!q) throw new Error(`no question ${a.questionId}`);
  return {
    questionId: q.id,
    score: a.score,
    band: bandOf(a.score),
    rubricVersion: RUBRIC_VERSION,
    keyPoints: a.verdicts.map((verdict, i) => ({
      id: `kp${i + 1}`,
      text: q.keyPoints[i] ?? `point ${i + 1}`,
      core: true,
      origin: "keyPoints" as const,
      verdict,
      evidence: verdict === "covered" ? a.answer.slice(0, 20) : "",
    })),
    errors: [],
    strengths: [],
    improvements: [],
    improvedAnswer: `Improved answer for ${q.title}`,
    followUp: "",
    injectionDetected: false,
    offTopic: false,
    grader: a.grader ?? { kind: "local" },
  };
}

/** One ended session of the identity with the given answers; returns its id. */
export async function seedSession(identityId: string, track: string, answers: SeedAnswer[], startedAt = answers[0]?.answeredAt ?? new Date()): Promise<string> {
  const db = await getDb();
  const sessionId = randomUUID();
  await db.insert(identities).values({ id: identityId }).onConflictDoNothing();
  await db.insert(sessions).values({
    id: sessionId,
    identityId,
    track,
    mode: "practice",
    questionCount: answers.length || 1,
    state: "ended",
    createdAt: startedAt,
    endedAt: startedAt,
  });
  let seq = 0;
  const turnRows: (typeof turns.$inferInsert)[] = [];
  const assessmentRows: (typeof assessments.$inferInsert)[] = [];
  answers.forEach((a, i) => {
    const mainId = randomUUID();
    const assessment = assessmentFor(a);
    turnRows.push({
      id: mainId,
      sessionId,
      seq: ++seq,
      kind: "main",
      questionId: a.questionId,
      questionIndex: i + 1,
      prompt: a.questionId,
      answer: a.answer,
      intent: "answer",
      askedAt: a.answeredAt,
      answeredAt: a.answeredAt,
    });
    assessmentRows.push({ turnId: mainId, assessment, grader: assessment.grader.kind, score: a.score, recovered: [] });
    if (a.recovered?.length) {
      const followId = randomUUID();
      const recovered = a.recovered.map((n) => `kp${n + 1}`);
      turnRows.push({
        id: followId,
        sessionId,
        seq: ++seq,
        kind: "followUp",
        questionId: a.questionId,
        questionIndex: i + 1,
        prompt: "Could you say more?",
        answer: "more words",
        intent: "answer",
        askedAt: a.answeredAt,
        answeredAt: a.answeredAt,
        targets: recovered,
      });
      assessmentRows.push({ turnId: followId, assessment, grader: assessment.grader.kind, score: a.score, recovered });
    }
  });
  await db.transaction(async (tx) => {
    if (turnRows.length) await tx.insert(turns).values(turnRows);
    if (assessmentRows.length) await tx.insert(assessments).values(assessmentRows);
    // What storeAssessment does after storing each assessment, in the order the interview stores them.
    for (const row of assessmentRows) await applyAssessmentToReviewState(tx, row.turnId);
  });
  return sessionId;
}
