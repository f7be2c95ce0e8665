import { findQuestion } from "@/lib/bank/load";
import { trackSchema, type Track } from "@/lib/bank/schema";
import { readGradedTurnVerdicts } from "@/lib/db/attempts";
import type { Db } from "@/lib/db/client";
import type { IndexedAttempt } from "./review-cards";

/** The track of a bank question: from the bank, or from its id ("django/…") when it has left the bank. */
export function trackOf(questionId: string): Track | null {
  const q = findQuestion(questionId);
  if (q) return q.track;
  const parsed = trackSchema.safeParse(questionId.split("/")[0]);
  return parsed.success ? parsed.data : null;
}

/**
 * The attempts (verdicts only) of the identity, in session order, with the points follow-ups
 * recovered marked. Takes the database or a transaction, so the review state can be rebuilt inside one.
 */
export async function readAttempts(db: Db, identityId: string): Promise<IndexedAttempt[]> {
  const rows = await readGradedTurnVerdicts(db, identityId);
  const attempts: IndexedAttempt[] = [];
  const byQuestion = new Map<string, IndexedAttempt>();
  for (const r of rows) {
    const key = `${r.sessionId}#${r.questionIndex}`;
    if (r.kind === "main") {
      const track = trackOf(r.questionId!);
      if (!track) continue;
      const attempt: IndexedAttempt = {
        identityId,
        sessionId: r.sessionId,
        questionId: r.questionId!,
        track,
        answeredAt: r.answeredAt ?? new Date(0),
        score: r.score,
        grader: r.grader,
        keyPoints: r.keyPoints.map((kp) => ({ id: kp.id, text: kp.text, verdict: kp.verdict })),
        questionIndex: r.questionIndex,
      };
      byQuestion.set(key, attempt);
      attempts.push(attempt);
      continue;
    }
    const main = byQuestion.get(key);
    if (!main) continue;
    const recovered = new Set(r.recovered);
    for (const kp of main.keyPoints) if (recovered.has(kp.id)) kp.recoveredAfterFollowUp = true;
  }
  return attempts;
}
