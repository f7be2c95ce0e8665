import type { Track } from "@/lib/bank/schema";
import { listAttempts, listRecentSessionRecords } from "@/lib/db/progress-queries";
import { keyPointsMissedMost, scoreSeriesByTrack, type MissedKeyPoint, type ScorePoint } from "./history";
import type { SessionRecord } from "./records";
import { reviewQueueAt } from "./review-plan";
import type { ReviewItem } from "./review-queue";
import { practiceStreak, type Streak } from "./streak";

/** Everything /progress shows, for one identity at one moment. */
export interface ProgressOverview {
  now: Date;
  /** The latest sessions with their graded answers, newest first (only the chosen track's answers when filtered). */
  history: SessionRecord[];
  /** Graded answers in all (of the chosen track). */
  answerCount: number;
  series: Partial<Record<Track, ScorePoint[]>>;
  missedMost: MissedKeyPoint[];
  /** Questions whose key points are due by the end of today (UTC), most overdue first. */
  reviews: ReviewItem[];
  streak: Streak;
}

/**
 * Composes the pure progress functions over the identity's stored answers. Review state is replayed
 * from the answers on every read rather than stored: the history is the single source of truth, so a
 * deleted or imported answer can never leave a stale schedule behind (scripts/bench-progress.ts
 * measures what that costs at 10,000 answers).
 */
export async function progressOverview(identityId: string | null, now: Date, track?: Track, historySessions = 20): Promise<ProgressOverview> {
  const [all, recent] = identityId ? await Promise.all([listAttempts(identityId), listRecentSessionRecords(identityId, historySessions)]) : [[], []];
  const scoped = track ? all.filter((a) => a.track === track) : all;
  const history = recent
    .map((s) => (track ? { ...s, answers: s.answers.filter((a) => a.track === track) } : s))
    .filter((s) => s.answers.length > 0);
  return {
    now,
    history,
    answerCount: scoped.length,
    series: scoreSeriesByTrack(scoped),
    missedMost: keyPointsMissedMost(scoped),
    reviews: reviewQueueAt(scoped, now),
    // A streak is about practising at all, whatever the track filter.
    streak: practiceStreak(
      all.map((a) => a.answeredAt),
      now,
    ),
  };
}
