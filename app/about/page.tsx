import type { Metadata } from "next";
import Link from "next/link";
import { card, focusRing, mutedText } from "@/app/_components/styles";
import { graderSummary } from "@/lib/ai/providers";

export const metadata: Metadata = { title: "About grading — Rehearse" };
// Which grader is configured is read from the server's environment at request time.
export const dynamic = "force-dynamic";

/** Who grades answers, and how whoever runs Rehearse switches between the local judge and a model. */
export default function AboutPage() {
  const grader = graderSummary();
  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight">About grading</h1>

      <section id="grader" className={card} aria-labelledby="grader-heading">
        <h2 id="grader-heading" className="text-lg font-semibold">
          Who grades your answers
        </h2>
        <p className="mt-2 text-sm" data-testid="about-grader">
          {grader.kind === "llm" ? (
            <>
              This server grades with the model <code>{grader.model}</code> at <code>{grader.host}</code>. If the model fails (a timeout, a refused key, a reply
              that cannot be used), the local judge grades instead and the feedback says why.
            </>
          ) : (
            <>This server grades with the local judge: it compares your answer with the bank&apos;s reference on this machine, offline.</>
          )}
        </p>
        <p className={`mt-2 text-sm ${mutedText}`}>
          Either way the score is computed by Rehearse from the verdict on each key point, never taken from a model, and every quote shown as your words is
          checked against what you wrote.
        </p>
      </section>

      <section id="switch" className={card} aria-labelledby="switch-heading">
        <h2 id="switch-heading" className="text-lg font-semibold">
          How to switch
        </h2>
        <p className="mt-2 text-sm">Whoever runs the server chooses, with environment variables, then restarts it:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
          <li>
            <strong>Local judge</strong>: leave <code>OPENAI_API_KEY</code> and <code>OPENAI_BASE_URL</code> unset.
          </li>
          <li>
            <strong>OpenAI</strong>: set <code>OPENAI_API_KEY</code> (and <code>OPENAI_MODEL</code>, default <code>gpt-4o-mini</code>).
          </li>
          <li>
            <strong>A local or self-hosted model</strong> (Ollama, LM Studio, vLLM): set <code>OPENAI_BASE_URL</code>, e.g.{" "}
            <code>http://localhost:11434/v1</code>, and <code>OPENAI_MODEL</code>; no key is needed. Servers without JSON-schema output are asked for JSON mode
            or a tool call instead.
          </li>
        </ul>
        <p className={`mt-2 text-sm ${mutedText}`}>
          What is sent to a model is described on the{" "}
          <Link href="/privacy" className={`underline ${focusRing}`}>
            privacy page
          </Link>
          .
        </p>
      </section>
    </main>
  );
}
