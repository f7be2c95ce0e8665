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
  const { turnRows, assessmentRows } = sessionRows(sessionId, answers);
  await db.transaction(async (tx) => {
    if (turnRows.length) await tx.insert(turns).values(turnRows);
    if (assessmentRows.length) await tx.insert(assessments).values(assessmentRows);
    // What storeAssessment does after storing each assessment, in the order the interview stores them.
    for (const row of assessmentRows) await applyAssessmentToReviewState(tx, row.turnId);
  });
  return sessionId;
}

/**
 * The rows a session's answers become, in the order the interview stores them: each main turn with
 * its assessment, then the follow-up that recovered points (if any) with the same assessment.
 */
export function sessionRows(sessionId: string, answers: SeedAnswer[]) {
  let seq = 0;
  const turnRows: (typeof turns.$inferInsert)[] = [];
  const assessmentRows: Array<typeof assessments.$inferInsert & { assessment: Assessment; recovered: string[] }> = [];
  answers.forEach((a, i) => {
    const mainId = randomUUID();
    const assessment = assessmentFor(a);
    const turn = {
      sessionId,
      kind: "main" as const,
      questionId: a.questionId,
      questionIndex: i + 1,
      intent: "answer" as const,
      askedAt: a.answeredAt,
      answeredAt: a.answeredAt,
    };
    turnRows.push({ ...turn, id: mainId, seq: ++seq, prompt: a.questionId, answer: a.answer });
    assessmentRows.push({ turnId: mainId, assessment, grader: assessment.grader.kind, score: a.score, recovered: [] });
    if (a.recovered?.length) {
      const followId = randomUUID();
      const recovered = a.recovered.map((n) => `kp${n + 1}`);
      turnRows.push({ ...turn, id: followId, seq: ++seq, kind: "followUp", prompt: "Could you say more?", answer: "more words", targets: recovered });
      assessmentRows.push({ turnId: followId, assessment, grader: assessment.grader.kind, score: a.score, recovered });
    }
  });
  return { turnRows, assessmentRows };
}

const DAY = 86_400_000;

/** What the two-person seed stores as each one's answers (tests assert on them). */
export const SEEDED_ANSWERS = { aliceOrm: "alice says select_related joins", aliceFlask: "alice on flask", bob: "bob secret answer" } as const;

/**
 * Two people's histories, for tests of the progress routes on either database: Alice answered a
 * Django question four days ago (a follow-up recovered one point) and a Flask question yesterday;
 * Bob answered the same Django question, and nothing of his may ever show in Alice's progress.
 */
export async function seedAliceAndBob(alice: string, bob: string): Promise<{ aliceSession: string; bobSession: string }> {
  const bank = getBank();
  const django = bank.find((q) => q.track === "django")!;
  const flask = bank.find((q) => q.track === "flask")!;
  const yesterday = new Date(Date.now() - DAY);
  const aliceSession = await seedSession(alice, "django", [
    {
      questionId: django.id,
      answer: SEEDED_ANSWERS.aliceOrm,
      score: 4,
      verdicts: ["covered", "missed", "contradicted"],
      answeredAt: new Date(yesterday.getTime() - 3 * DAY),
      recovered: [1],
    },
    { questionId: flask.id, answer: SEEDED_ANSWERS.aliceFlask, score: 8, verdicts: ["covered", "covered"], answeredAt: yesterday },
  ]);
  const bobSession = await seedSession(bob, "django", [
    { questionId: django.id, answer: SEEDED_ANSWERS.bob, score: 2, verdicts: ["missed", "missed"], answeredAt: yesterday },
  ]);
  return { aliceSession, bobSession };
}
