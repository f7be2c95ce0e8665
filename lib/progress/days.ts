/**
 * Calendar days for streaks and charts are UTC days. The identity is an anonymous cookie with no
 * stored timezone, so UTC is the one day boundary every server and test agrees on; a candidate far
 * from UTC sees a day roll over at their local UTC midnight.
 */
const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" of the UTC day containing `date`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The UTC day `days` after the given "YYYY-MM-DD" (negative goes back). */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS));
}

/** The last millisecond of the UTC day containing `date`. */
export function endOfUtcDay(date: Date): Date {
  return new Date(Date.parse(`${utcDay(date)}T00:00:00.000Z`) + DAY_MS - 1);
}
