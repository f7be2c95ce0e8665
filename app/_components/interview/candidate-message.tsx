import type { Intent } from "@/lib/interview/protocol";
import { INTENT_LABELS } from "@/app/_lib/conversation";

/** What the candidate sent, labelled with how it was meant (answer, question, skip…). */
export function CandidateMessage({ text, intent }: { text: string; intent: Intent | undefined }) {
  const label = INTENT_LABELS[intent ?? "answer"];
  const isControl = intent === "skip" || intent === "next" || intent === "end" || intent === "dont-know";
  return (
    <div data-testid="candidate-message" data-intent={intent ?? "answer"} className="ml-auto max-w-[85%] sm:max-w-[75%]">
      <p className="mb-1 text-right text-xs font-medium text-zinc-600 dark:text-zinc-400">You · {label}</p>
      {!isControl && <p className="whitespace-pre-wrap break-words rounded-xl rounded-tr-sm bg-zinc-100 px-4 py-2 text-sm dark:bg-zinc-800">{text}</p>}
    </div>
  );
}
