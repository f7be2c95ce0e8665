import Link from "next/link";
import { card, focusRing, mutedText } from "@/app/_components/styles";
import { ReviewNowButton } from "@/app/progress/_components/review-now-button";
import { progressNow } from "@/lib/progress/clock";
import { identityFromCookies } from "@/lib/progress/identity-cookie";
import { progressOverview } from "@/lib/progress/overview";

/** Home: the key points due today and the streak. Renders nothing for a browser with no history. */
export async function DueToday() {
  const identityId = await identityFromCookies();
  if (!identityId) return null;
  const { reviews, streak, answerCount } = await progressOverview(identityId, progressNow(), undefined, 0);
  if (answerCount === 0) return null;
  const points = reviews.reduce((n, r) => n + r.keyPoints.length, 0);
  return (
    <section aria-labelledby="due-today-heading" data-testid="due-today" className={card}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="due-today-heading" className="font-semibold">
            {points === 0
              ? "Nothing due today"
              : `${points} key point${points === 1 ? "" : "s"} due today, in ${reviews.length} question${reviews.length === 1 ? "" : "s"}`}
          </h2>
          <p className={`text-sm ${mutedText}`} data-testid="due-today-streak">
            {streak.current > 0 ? `${streak.current}-day streak${streak.practicedToday ? "" : ": practise today to keep it"}` : "Start a streak today."}{" "}
            <Link href="/progress" className={`underline ${focusRing}`}>
              See your progress
            </Link>
          </p>
        </div>
        {/* The same review session as on the progress page: every due question, most overdue first. */}
        {reviews.length > 0 && <ReviewNowButton />}
      </div>
    </section>
  );
}
