import { describe, expect, it } from "vitest";
import { findQuestion } from "@/lib/bank/load";
import { gradeAnswer } from "@/lib/grading/grade";
import { rubricPoints } from "@/lib/grading/rubric";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { useTestDatabase } from "../support/database";
import { Browser, dataOf } from "../support/interview-client";

/** A question asked mid-interview is answered, and never changes how the pending answer is graded. */
const QUESTION = "django/caching-framework";

function partialAnswer(): string {
  return rubricPoints(findQuestion(QUESTION)!)
    .filter((p) => p.core)
    .slice(0, 2)
    .map((p) => p.text)
    .join(". ");
}

describe("asking the interviewer mid-interview", () => {
  useTestDatabase("pglite");

  it("answers from the bank without grading anything, and the answer that follows scores as it would alone", async () => {
    const browser = new Browser();
    const created = await browser.createSession({ track: "django", mode: "practice", questionId: QUESTION });
    const { session } = (await created.json()) as { session: { id: string }; messages: RehearseMessage[] };

    // Two questions: one about another topic, one about the open question itself.
    const other = await browser.say(session.id, "ask", "What's the difference between select_related and prefetch_related?");
    const otherAnswer = dataOf(other, "groundedAnswer").at(-1)!;
    expect(otherAnswer.covered).toBe(true);
    expect(otherAnswer.sources[0]!.questionId).toBe("django/orm-querysets-common-operations");
    expect(dataOf(other, "assessment")).toHaveLength(0);
    const same = await browser.say(session.id, "ask", "how does Django's cache framework work?");
    expect(
      dataOf(same, "groundedAnswer")
        .at(-1)!
        .sources.map((s) => s.questionId),
    ).not.toContain(QUESTION);
    expect(dataOf(same, "assessment")).toHaveLength(0);
    const outside = await browser.say(session.id, "ask", "How do I configure Celery beat?");
    expect(dataOf(outside, "groundedAnswer").at(-1)!).toMatchObject({ covered: false, sources: [] });

    // The pending answer: graded once, exactly as the same answer graded on its own.
    const answer = partialAnswer();
    const graded = await browser.say(session.id, "answer", answer);
    const assessments = dataOf(graded, "assessment");
    expect(assessments).toHaveLength(1);
    const alone = await gradeAnswer({ questionId: QUESTION, answer, grader: "local" });
    expect(assessments[0]!.assessment.score).toBe(alone.score);
    expect(assessments[0]!.assessment.keyPoints.map((k) => k.verdict)).toEqual(alone.keyPoints.map((k) => k.verdict));
    // The first ask in a fresh data dir builds the index and trains the router and the matcher.
  }, 120_000);
});
