import type { Track } from "@/lib/bank/schema";
import { utcDay } from "./days";
import type { Attempt } from "./records";

export interface MissedKeyPoint {
  questionId: string;
  keyPointId: string;
  text: string;
  /** Times judged missed or contradicted. */
  missed: number;
  /** Times judged at all. */
  judged: number;
  lastMissedAt: Date;
}

/**
 * The key points missed most: counted over every judgement, missed and contradicted alike (both mean
 * the point was not known). Ties go to the one missed most recently, which is the more pressing.
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
    .sort((x, y) => y.missed - x.missed || y.lastMissedAt.getTime() - x.lastMissedAt.getTime())
    .slice(0, limit);
}

export interface ScorePoint {
  /** UTC day, "YYYY-MM-DD". */
  day: string;
  /** Mean score of the day's answers, one decimal. */
  average: number;
  answers: number;
}

/**
 * Score over time per track: one point per UTC day with answers, so a chart stays readable after
 * thousands of answers. Tracks without answers are absent.
 */
export function scoreSeriesByTrack(attempts: readonly Attempt[]): Partial<Record<Track, ScorePoint[]>> {
  const sums = new Map<Track, Map<string, { total: number; n: number }>>();
  for (const a of attempts) {
    let days = sums.get(a.track);
    if (!days) sums.set(a.track, (days = new Map()));
    const day = utcDay(a.answeredAt);
    const cell = days.get(day) ?? { total: 0, n: 0 };
    cell.total += a.score;
    cell.n += 1;
    days.set(day, cell);
  }
  const out: Partial<Record<Track, ScorePoint[]>> = {};
  for (const [track, days] of sums) {
    out[track] = [...days.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([day, { total, n }]) => ({ day, average: Math.round((total / n) * 10) / 10, answers: n }));
  }
  return out;
}
