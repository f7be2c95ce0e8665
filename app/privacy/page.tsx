import type { Metadata } from "next";
import Link from "next/link";
import path from "node:path";
import { card, focusRing, mutedText } from "@/app/_components/styles";
import { countIdentityRows } from "@/lib/db/progress-queries";
import { embeddingKind, env, llmConfigured } from "@/lib/env";
import { llmHost } from "@/lib/ai/providers";
import { IDENTITY_COOKIE } from "@/lib/identity";
import { identityFromCookies } from "@/lib/progress/identity-cookie";
import { DeleteDataButton } from "./_components/delete-data-button";

export const metadata: Metadata = { title: "Privacy — Rehearse" };
export const dynamic = "force-dynamic";

export default async function PrivacyPage() {
  const e = env();
  const identityId = await identityFromCookies();
  const stored = identityId ? await countIdentityRows(identityId) : { identity: 0, sessions: 0 };
  const llm = llmConfigured(e);

  return (
    <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight">Privacy</h1>

      <section className={card} aria-labelledby="stored-heading">
        <h2 id="stored-heading" className="text-lg font-semibold">
          What is stored, and where
        </h2>
        <ul className="mt-2 list-disc space-y-2 pl-5 text-sm">
          <li>
            Your sessions: each question, your answers (typed, or the transcript of a spoken answer), the interviewer&apos;s follow-ups, every assessment with
            its key-point verdicts, and the conversation as shown.{" "}
            {e.DATABASE_URL ? (
              <span data-testid="storage">They are kept in the PostgreSQL database named by DATABASE_URL.</span>
            ) : (
              <span data-testid="storage">
                They are kept in an embedded database (PGlite) on this server, under <code>{path.join(e.REHEARSE_DATA_DIR, "pglite")}</code>.
              </span>
            )}
          </li>
          <li>
            One cookie, <code>{IDENTITY_COOKIE}</code>: a random id, signed so it cannot be guessed or forged, httpOnly, for one year. It is how this server
            knows which sessions are yours. There is no account, no email, no tracking and no analytics.
          </li>
          <li>
            Audio of spoken answers is never stored. With the browser&apos;s own speech recognition it does not leave the browser; with server transcription it
            is sent once to the configured transcription model and discarded (you can download your own recording in the browser). What is stored with a spoken
            answer: the answer you sent, the original transcript before your edits, and the delivery figures (pace, filler words, pauses).
          </li>
          <li data-testid="carry-link-privacy">
            One-time links (&ldquo;Use Rehearse on another device&rdquo; on your progress page): the server stores a SHA-256 hash of the link&apos;s random
            token, never the token itself, with the identity it carries and its expiry, 15 minutes after it was made. Opening the link on another browser and
            confirming uses it up and gives that browser the same cookie, so both see the same history. Making a new link retires the previous one, expired
            links are removed, and deleting your data removes them too. Anyone holding an unused link can become you, so only open it on your own devices.
          </li>
          <li>
            Your progress (due reviews, streak, charts) is computed from the stored answers; nothing else is kept. &ldquo;Review now&rdquo; on{" "}
            <Link href="/progress" className={`underline ${focusRing}`}>
              your progress page
            </Link>{" "}
            plans a session from the key points that are due (at most five questions, most overdue first, from this browser&apos;s answers only); it is stored
            like any session, and its answers reschedule those points.{" "}
            {identityId ? (
              <span data-testid="stored-count">
                This browser has {stored.sessions} session{stored.sessions === 1 ? "" : "s"} stored.
              </span>
            ) : (
              <span data-testid="stored-count">Nothing is stored for this browser.</span>
            )}
          </li>
        </ul>
      </section>

      <section className={card} aria-labelledby="llm-heading">
        <h2 id="llm-heading" className="text-lg font-semibold">
          What goes to an AI model
        </h2>
        {llm ? (
          <div className="mt-2 space-y-2 text-sm" data-testid="llm-status">
            <p>
              An LLM is configured, so your answers are sent to the model <code>{e.OPENAI_MODEL}</code> at <code>{llmHost(e)}</code>: the LLM judge grades them
              (the local judge answers if the model fails, and the report says which one graded), the interviewer writes follow-ups, and your questions to the
              interviewer are answered from the bank. For &ldquo;Review now&rdquo;, the question and the key point that is due (not your answers) are sent so
              the model can ask about that point in new words; a wording that gives the point away, or a failed call, is replaced by the bank question.
            </p>
            <p>
              {embeddingKind(e) === "openai" ? `Search queries are embedded by ${e.OPENAI_EMBEDDING_MODEL} at the same host. ` : "Search runs locally. "}
              Spoken answers are transcribed by <code>{e.OPENAI_TRANSCRIBE_MODEL}</code> at the same host.
            </p>
          </div>
        ) : (
          <p className="mt-2 text-sm" data-testid="llm-status">
            No LLM is configured (neither OPENAI_API_KEY nor OPENAI_BASE_URL is set): nothing you write leaves this server. Answers are graded by the local
            judge, which compares them with the reference on this machine, and every assessment says so.
          </p>
        )}
      </section>

      <section className={card} aria-labelledby="delete-heading">
        <h2 id="delete-heading" className="text-lg font-semibold">
          Take it with you, or delete it
        </h2>
        <p className={`mt-2 text-sm ${mutedText}`}>
          Download everything from{" "}
          <Link href="/progress" className={`underline ${focusRing}`}>
            your progress page
          </Link>{" "}
          (Markdown or JSON). Deleting removes every row stored for this browser and forgets its cookie.
        </p>
        <div className="mt-3">
          <DeleteDataButton />
        </div>
      </section>
    </main>
  );
}
