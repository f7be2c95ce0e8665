import { TRACKS, type Track } from "@/lib/bank/schema";
import type { MissedKeyPointRow } from "@/lib/db/progress-queries";
import { utcDay } from "./days";
import type { Attempt } from "./records";

/** A key point missed, with how often: the same shape whether counted here or by the stored query. */
export type MissedKeyPoint = MissedKeyPointRow;

/**
 * The key points missed most: counted over every judgement, missed and contradicted alike (both mean
 * the point was not known). Ties go to the one missed most recently, which is the more pressing, then
 * by question and point id so the order never depends on how the answers were read
 * (lib/db/progress-queries.ts listMissedKeyPoints ranks stored counts the same way).
 */
export function keyPointsMissedMost(attempts: readonly Attempt[], limit = 10): MissedKeyPoint[] {
  const byKey = new Map<string, MissedKeyPoint>();
  for (const a of attempts) {
    for (const kp of a.keyPoints) {
      const key = `${a.questionId}#${kp.id}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { questionId: a.questionId, keyPointId: kp.id, text: kp.text, missed: 0, judged: 0, lastMissedAt: new Date(0) };
        byKey.set(key, entry);
      }
      entry.judged += 1;
      if (kp.verdict === "missed" || kp.verdict === "contradicted") {
        entry.missed += 1;
        if (a.answeredAt > entry.lastMissedAt) {
          entry.lastMissedAt = a.answeredAt;
          entry.text = kp.text;
        }
      }
    }
  }
  return [...byKey.values()]
    .filter((e) => e.missed > 0)
    .sort(
      (x, y) =>
        y.missed - x.missed ||
        y.lastMissedAt.getTime() - x.lastMissedAt.getTime() ||
        byCodeUnit(x.questionId, y.questionId) ||
        byCodeUnit(x.keyPointId, y.keyPointId),
    )
    .slice(0, limit);
}

const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export interface ScorePoint {
  /** UTC day, "YYYY-MM-DD". */
  day: string;
  /** Mean score of the day's answers, one decimal. */
  average: number;
  answers: number;
}

/** Graded answers of one track on one UTC day. */
export interface DailyScore {
  track: Track;
  /** UTC day, "YYYY-MM-DD". */
  day: string;
  /** Sum of the day's scores. */
  total: number;
  answers: number;
}

/** Attempts grouped per track and UTC day (the database groups the same way: listDailyScores). */
export function dailyScores(attempts: readonly Attempt[]): DailyScore[] {
  const cells = new Map<string, DailyScore>();
  for (const a of attempts) {
    const day = utcDay(a.answeredAt);
    const key = `${a.track}#${day}`;
    const cell = cells.get(key) ?? { track: a.track, day, total: 0, answers: 0 };
    cell.total += a.score;
    cell.answers += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * Score over time per track: one point per UTC day with answers, so a chart stays readable after
 * thousands of answers. Tracks without answers are absent.
 */
export function seriesFromDailyScores(days: readonly DailyScore[]): Partial<Record<Track, ScorePoint[]>> {
  const out: Partial<Record<Track, ScorePoint[]>> = {};
  // Tracks in bank order, days oldest first.
  const ordered = [...days].sort((x, y) => TRACKS.indexOf(x.track) - TRACKS.indexOf(y.track) || byCodeUnit(x.day, y.day));
  for (const d of ordered) {
    const series = out[d.track] ?? [];
    series.push({ day: d.day, average: Math.round((d.total / d.answers) * 10) / 10, answers: d.answers });
    out[d.track] = series;
  }
  return out;
}

export function scoreSeriesByTrack(attempts: readonly Attempt[]): Partial<Record<Track, ScorePoint[]>> {
  return seriesFromDailyScores(dailyScores(attempts));
}
