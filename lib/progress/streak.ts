import { addDays, utcDay } from "./days";

export interface Streak {
  /** Consecutive UTC days with practice, ending today (or yesterday, when today has no practice yet). */
  current: number;
  longest: number;
  practicedToday: boolean;
  /** The last UTC day with practice, or null when there is none. */
  lastDay: string | null;
}

/**
 * The practice streak from the times answers were given. A streak survives until the end of the day
 * after the last practice: coming back tomorrow continues it, so it is still shown today.
 */
export function practiceStreak(answeredAt: Iterable<Date>, now: Date): Streak {
  const days = new Set<string>();
  for (const at of answeredAt) days.add(utcDay(at));
  const today = utcDay(now);
  // Future-dated answers (a skewed clock) do not count towards today's streak.
  const sorted = [...days].filter((d) => d <= today).sort();
  if (sorted.length === 0) return { current: 0, longest: 0, practicedToday: false, lastDay: null };

  let longest = 1;
  let run = 1;
  for (let i = 1; i < sorted.length; i++) {
    run = sorted[i] === addDays(sorted[i - 1]!, 1) ? run + 1 : 1;
    longest = Math.max(longest, run);
  }

  const lastDay = sorted[sorted.length - 1]!;
  const practicedToday = lastDay === today;
  const alive = practicedToday || lastDay === addDays(today, -1);
  // `run` is the length of the run ending at lastDay.
  return { current: alive ? run : 0, longest, practicedToday, lastDay };
}
