import { card, mutedText } from "@/app/_components/styles";
import type { Track } from "@/lib/bank/schema";
import { REVIEW_SESSION_MAX } from "@/lib/progress/review-plan";
import type { ReviewItem } from "@/lib/progress/review-queue";
import { ReviewNowButton } from "./review-now-button";

function dueLabel(due: Date, now: Date): string {
  const days = Math.floor((now.getTime() - due.getTime()) / 86_400_000);
  if (days >= 1) return `${days} day${days === 1 ? "" : "s"} overdue`;
  return due <= now ? "due now" : "due today";
}

/** The questions whose key points are due, most overdue first, each with what it will check. */
export function DueReviews({ reviews, now, track }: { reviews: ReviewItem[]; now: Date; track?: Track }) {
  return (
    <section aria-labelledby="due-heading" data-testid="due-reviews" className={card}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="due-heading" className="text-lg font-semibold">
          Due for review <span className={`text-sm font-normal ${mutedText}`}>({reviews.length})</span>
        </h2>
        {reviews.length > 0 && (
          <span className="print:hidden" data-testid="review-now">
            <ReviewNowButton track={track} />
          </span>
        )}
      </div>
      {reviews.length > 0 && (
        <p className={`mt-1 text-sm ${mutedText} print:hidden`}>
          Review now asks{" "}
          {reviews.length > REVIEW_SESSION_MAX
            ? `the ${REVIEW_SESSION_MAX} most overdue of these questions`
            : reviews.length === 1
              ? "this question"
              : "these questions"}
          , in this order, aimed at the points listed under each.
        </p>
      )}
      {reviews.length === 0 ? (
        <p className={`mt-2 text-sm ${mutedText}`}>Nothing is due. Key points you miss come back here on a spaced schedule.</p>
      ) : (
        <ul className="mt-3 space-y-3">
          {reviews.map((r) => (
            <li key={r.questionId} data-testid="due-review" data-question-id={r.questionId} className="break-inside-avoid">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span className="font-medium">{r.title}</span>
                <span className={`text-xs ${mutedText}`}>{dueLabel(r.due, now)}</span>
              </div>
              <ul className={`mt-1 list-disc pl-5 text-sm ${mutedText}`}>
                {r.keyPoints.map((kp) => (
                  <li key={kp.keyPointId}>{kp.text}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
