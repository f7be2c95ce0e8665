import type { Attempt, AttemptKeyPoint, AnswerRecord } from "@/lib/progress/records";

export const DAY = 86_400_000;
export const T0 = new Date("2026-03-02T10:00:00.000Z");
export const daysAfter = (n: number, from: Date = T0) => new Date(from.getTime() + n * DAY);

export function kp(id: string, verdict: AttemptKeyPoint["verdict"], extra: Partial<AttemptKeyPoint> = {}): AttemptKeyPoint {
  return { id, text: `point ${id}`, verdict, ...extra };
}

export function attempt(over: Partial<Attempt> & Pick<Attempt, "questionId" | "keyPoints">): Attempt {
  return {
    identityId: "me",
    sessionId: "s1",
    track: "django",
    answeredAt: T0,
    score: 6,
    grader: { kind: "local" },
    ...over,
  };
}

export function answer(over: Partial<AnswerRecord> & Pick<AnswerRecord, "questionId" | "keyPoints">): AnswerRecord {
  return {
    ...attempt(over),
    questionTitle: `Title of ${over.questionId}`,
    answer: "my answer",
    improvedAnswer: "A better answer.",
    followUps: [],
    ...over,
  };
}
