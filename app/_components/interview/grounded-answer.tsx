import Link from "next/link";
import type { RehearseDataParts } from "@/lib/interview/protocol";
import { Markdown } from "../lazy-markdown";
import { card, focusRing } from "../styles";

/**
 * The interviewer's answer to a candidate's question, with the bank passages it rests on, each
 * linked to its question page. An answer the bank does not cover says so (its text links the
 * nearest questions instead).
 */
export function GroundedAnswer({ part }: { part: RehearseDataParts["groundedAnswer"] }) {
  // Answers stored before coverage was decided have no `covered`: they were answered from the bank.
  const covered = part.covered !== false;
  return (
    <article
      data-testid="grounded-answer"
      data-grounded={part.grounded}
      data-covered={covered}
      className={`${card} space-y-3`}
      aria-label="Answer to your question"
    >
      {!covered && <p className="text-xs font-semibold uppercase tracking-wide text-amber-800 dark:text-amber-300">Not covered by the question bank</p>}
      <Markdown className="text-sm">{part.text}</Markdown>
      {part.sources.length > 0 && (
        <section data-testid="sources">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Sources</h4>
          <ul className="mt-2 space-y-2">
            {/* One source per question (search returns one hit per question), so its id is the key. */}
            {part.sources.map((source) => (
              <li key={source.questionId} data-testid="source" className="text-sm">
                <Link href={`/questions/${source.questionId}`} className={`font-medium underline ${focusRing}`}>
                  {source.title}
                </Link>
                <blockquote className="mt-1 line-clamp-4 whitespace-pre-line border-l-2 border-zinc-300 pl-3 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
                  {source.passage}
                </blockquote>
              </li>
            ))}
          </ul>
        </section>
      )}
      {part.grounded === "passages" && covered && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">Quoted from the question bank (no LLM configured).</p>
      )}
    </article>
  );
}
