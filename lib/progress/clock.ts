import { env } from "@/lib/env";

const DAY_MS = 86_400_000;

/** "Now" for progress: the real time, shifted by REHEARSE_CLOCK_OFFSET_DAYS (set only by the e2e server). */
export function progressNow(): Date {
  return new Date(Date.now() + env().REHEARSE_CLOCK_OFFSET_DAYS * DAY_MS);
}
