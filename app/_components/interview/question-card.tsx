import type { RehearseDataParts } from "@/lib/interview/protocol";
import { TRACK_LABELS } from "@/lib/bank/schema";
import { ReadAloudButton } from "../voice/read-aloud";

/** The interviewer putting a question: a bank question or a probing follow-up. */
export function QuestionCard({ question }: { question: RehearseDataParts["question"] }) {
  const isFollowUp = question.kind === "followUp";
  const position = question.total ? `Question ${question.index} of ${question.total}` : `Question ${question.index}`;
  return (
    <section
      aria-label={isFollowUp ? "Follow-up question" : position}
      className="rounded-xl border-l-4 border-indigo-600 bg-indigo-50 p-4 dark:border-indigo-400 dark:bg-indigo-950/40"
    >
      <p className="text-xs font-semibold uppercase tracking-wide text-indigo-800 dark:text-indigo-300">
        {isFollowUp ? "Follow-up" : `${position} · ${TRACK_LABELS[question.track]}`}
      </p>
      <div className="float-right ml-2">
        <ReadAloudButton text={question.text} />
      </div>
      <p data-testid={isFollowUp ? "follow-up" : "question-text"} data-question-id={question.questionId} className="mt-1 text-lg font-medium">
        {question.text}
      </p>
    </section>
  );
}
