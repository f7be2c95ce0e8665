import Link from "next/link";
import type { RehearseDataParts } from "@/lib/interview/protocol";
import { Markdown } from "../markdown";
import { card, focusRing } from "../styles";

/** The interviewer's answer to a candidate's question, with the bank passages it rests on. */
export function GroundedAnswer({ part }: { part: RehearseDataParts["groundedAnswer"] }) {
  return (
    <article data-testid="grounded-answer" data-grounded={part.grounded} className={`${card} space-y-3`} aria-label="Answer to your question">
      <Markdown className="text-sm">{part.text}</Markdown>
      {part.sources.length > 0 && (
        <section data-testid="sources">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Sources</h4>
          <ul className="mt-2 space-y-2">
            {part.sources.map((source, i) => (
              <li key={`${source.questionId}-${i}`} data-testid="source" className="text-sm">
                <Link href={`/questions/${source.questionId}`} className={`font-medium underline ${focusRing}`}>
                  {source.title}
                </Link>
                <blockquote className="mt-1 line-clamp-4 border-l-2 border-zinc-300 pl-3 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">{source.passage}</blockquote>
              </li>
            ))}
          </ul>
        </section>
      )}
      {part.grounded === "passages" && <p className="text-xs text-zinc-600 dark:text-zinc-400">Quoted from the question bank (no LLM configured).</p>}
    </article>
  );
}
