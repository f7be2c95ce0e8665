import type { Track } from "@/lib/bank/schema";
import { listDailyScores, listMissedKeyPoints, listRecentSessionRecords } from "./stored-records";
import { seriesFromDailyScores, type MissedKeyPoint, type ScorePoint } from "./history";
import { publicSessionRecord, type SessionRecord } from "./records";
import { storedReviewQueue } from "./review-plan";
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
 * The page's data without reading every answer: due points and miss counts come from the stored
 * review state (kept equal to the replay of the answers, lib/db/review-state.ts), scores and streak
 * from answers grouped per day in SQL, and the history is only the latest `historySessions`
 * sessions. scripts/bench-progress.ts measures it at 10,000 answers.
 */
export async function progressOverview(identityId: string | null, now: Date, track?: Track, historySessions = 20): Promise<ProgressOverview> {
  if (!identityId) return { now, history: [], answerCount: 0, series: {}, missedMost: [], reviews: [], streak: practiceStreak([], now) };
  // One after the other: PGlite serves one query at a time anyway, and a pool keeps connections free.
  const days = await listDailyScores(identityId);
  const missedMost = await listMissedKeyPoints(identityId, track);
  const reviews = await storedReviewQueue(identityId, now, track);
  const recent = historySessions > 0 ? await listRecentSessionRecords(identityId, historySessions) : [];
  const scopedDays = track ? days.filter((d) => d.track === track) : days;
  const history = recent
    .map(publicSessionRecord)
    .map((s) => (track ? { ...s, answers: s.answers.filter((a) => a.track === track) } : s))
    .filter((s) => s.answers.length > 0);
  return {
    now,
    history,
    answerCount: scopedDays.reduce((n, d) => n + d.answers, 0),
    series: seriesFromDailyScores(scopedDays),
    missedMost,
    reviews,
    // A streak is about practising at all, whatever the track filter.
    streak: practiceStreak(
      days.map((d) => new Date(`${d.day}T00:00:00.000Z`)),
      now,
    ),
  };
}
