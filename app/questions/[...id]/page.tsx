import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRACK_LABELS } from "@/lib/bank/schema";
import { findQuestion, getBank } from "@/lib/bank/load";
import { Markdown } from "@/app/_components/markdown";
import { PractiseButton } from "@/app/_components/practise-button";
import { card, focusRing } from "@/app/_components/styles";

type Params = { params: Promise<{ id: string[] }> };

/** Ids look like `django/orm-querysets`: the catch-all route keeps the slash readable in the URL. */
async function questionFrom(params: Params["params"]) {
  const { id } = await params;
  return findQuestion(id.map(decodeURIComponent).join("/"));
}

export function generateStaticParams() {
  return getBank().map((q) => ({ id: q.id.split("/") }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const question = await questionFrom(params);
  return { title: question ? `${question.title} — Rehearse` : "Question not found — Rehearse" };
}

export default async function QuestionPage({ params }: Params) {
  const question = await questionFrom(params);
  if (!question) notFound();
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/questions" className={`underline ${focusRing}`}>
          Question bank
        </Link>{" "}
        / {TRACK_LABELS[question.track]}
      </nav>
      <header className="space-y-3">
        <h1 data-testid="question-title" className="text-2xl font-semibold tracking-tight">
          {question.title}
        </h1>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          <code>
            {question.source.file}:{question.source.line}
          </code>
        </p>
        <PractiseButton questionId={question.id} />
      </header>
      <section aria-labelledby="key-points-heading" className={card}>
        <h2 id="key-points-heading" className="font-semibold">
          {question.keyPointsLabel}
        </h2>
        <ul data-testid="question-key-points" className="mt-2 list-disc space-y-1 pl-5 text-sm">
          {question.keyPoints.map((point) => (
            <li key={point}>{point}</li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="answer-heading">
        <h2 id="answer-heading" className="mb-3 font-semibold">
          Reference answer
        </h2>
        <div data-testid="question-answer">
          <Markdown>{question.answer}</Markdown>
        </div>
      </section>
    </main>
  );
}
