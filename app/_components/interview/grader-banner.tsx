import Link from "next/link";
import type { GraderSummary } from "@/lib/ai/providers";
import { focusRing } from "../styles";

/** Says, before the first answer, who will grade: the local judge or which model at which host (never a key or full URL). */
export function GraderBanner({ grader }: { grader: GraderSummary }) {
  return (
    <p
      data-testid="grader-banner"
      data-grader={grader.kind}
      className="rounded-lg bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-900 dark:text-zinc-300"
    >
      {grader.kind === "llm" ? (
        <>
          Your answers are graded by the model <code className="font-semibold">{grader.model}</code> at <code>{grader.host}</code> (the local judge steps in if
          it fails).
        </>
      ) : (
        <>Your answers are graded by the local judge, offline, against the bank&apos;s reference.</>
      )}{" "}
      <Link href="/about#switch" className={`underline ${focusRing}`}>
        How to switch
      </Link>
    </p>
  );
}
