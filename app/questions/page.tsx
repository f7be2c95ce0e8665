import type { Metadata } from "next";
import { getBank } from "@/lib/bank/load";
import { QuestionBrowser, type QuestionListing } from "../_components/questions/question-browser";

export const metadata: Metadata = { title: "Question bank — Rehearse" };

export default function QuestionsPage() {
  const questions: QuestionListing[] = getBank().map((q) => ({ id: q.id, title: q.title, track: q.track, keyPointCount: q.keyPoints.length }));
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Question bank</h1>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">Every question the interviewer can ask, with its reference answer.</p>
      </div>
      <QuestionBrowser questions={questions} />
    </main>
  );
}
