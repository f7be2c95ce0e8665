import { bumpCounters, deleteEndedWindows, type CounterKey } from "@/lib/db/rate-limit-queries";
import { env, type Env } from "@/lib/env";
import { RateLimitedError, type Surface } from "@/lib/errors";

/**
 * Rate limits on the work a client can cause, by identity and by client address, in fixed windows
 * (aligned to multiples of the window since the epoch). The counters live in the database
 * (rate_limits), so app instances sharing one PostgreSQL share the limits.
 */

export type LimitedAction = "sessions" | "chat" | "transcribe" | "links";

interface ActionLimits {
  perIdentity: number;
  perAddress: number;
  windowSec: number;
  surface: Surface;
  /** "Too many <what> …" */
  what: string;
}

function limitsOf(action: LimitedAction, e: Env = env()): ActionLimits {
  switch (action) {
    case "sessions":
      return {
        perIdentity: e.REHEARSE_LIMIT_SESSIONS_PER_IDENTITY,
        perAddress: e.REHEARSE_LIMIT_SESSIONS_PER_ADDRESS,
        windowSec: e.REHEARSE_LIMIT_SESSIONS_WINDOW_SEC,
        surface: "session",
        what: "new sessions",
      };
    case "chat":
      return {
        perIdentity: e.REHEARSE_LIMIT_CHAT_PER_IDENTITY,
        perAddress: e.REHEARSE_LIMIT_CHAT_PER_ADDRESS,
        windowSec: e.REHEARSE_LIMIT_CHAT_WINDOW_SEC,
        surface: "chat",
        what: "messages",
      };
    case "transcribe":
      return {
        perIdentity: e.REHEARSE_LIMIT_TRANSCRIBE_PER_IDENTITY,
        perAddress: e.REHEARSE_LIMIT_TRANSCRIBE_PER_ADDRESS,
        windowSec: e.REHEARSE_LIMIT_TRANSCRIBE_WINDOW_SEC,
        surface: "audio",
        what: "recordings",
      };
    case "links":
      return {
        perIdentity: e.REHEARSE_LIMIT_LINKS_PER_IDENTITY,
        perAddress: e.REHEARSE_LIMIT_LINKS_PER_ADDRESS,
        windowSec: e.REHEARSE_LIMIT_LINKS_WINDOW_SEC,
        surface: "link",
        what: "device links",
      };
  }
}

export interface Requester {
  identityId: string | null;
  /** lib/limits/client-address.ts; null when unknown (then only the identity is limited). */
  address: string | null;
}

export interface Window {
  start: Date;
  end: Date;
}

export function windowAt(now: Date, windowSec: number): Window {
  const ms = windowSec * 1000;
  const start = Math.floor(now.getTime() / ms) * ms;
  return { start: new Date(start), end: new Date(start + ms) };
}

/** Whole seconds until the window ends, at least 1: what Retry-After says. */
export function secondsUntil(end: Date, now: Date): number {
  return Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));
}

/**
 * Counts one request of `action` for the requester; throws RateLimitedError (429, Retry-After) when
 * the identity or the address is over its limit for the current window. Refused requests count too,
 * so hammering does not help; the count starts again with the next window.
 */
export async function enforceRateLimit(action: LimitedAction, who: Requester, now: Date = new Date()): Promise<void> {
  const limits = limitsOf(action);
  const checks: Array<CounterKey & { limit: number; by: "identity" | "address" }> = [];
  if (who.identityId && limits.perIdentity > 0) checks.push({ scope: `${action}:identity`, key: who.identityId, limit: limits.perIdentity, by: "identity" });
  if (who.address && limits.perAddress > 0) checks.push({ scope: `${action}:address`, key: who.address, limit: limits.perAddress, by: "address" });
  if (checks.length === 0) return;

  const window = windowAt(now, limits.windowSec);
  const counts = await bumpCounters(checks, window.start, window.end);
  await cleanUpNowAndThen(now);
  const over = checks.find((check, i) => counts[i]! > check.limit);
  if (!over) return;
  const retryAfterSec = secondsUntil(window.end, now);
  const from = over.by === "identity" ? "this browser" : "your network address";
  throw new RateLimitedError(
    limits.surface,
    `Too many ${limits.what} from ${from} (limit ${over.limit} per ${describeSeconds(limits.windowSec)}). Try again in ${describeSeconds(retryAfterSec)}.`,
    retryAfterSec,
  );
}

export function describeSeconds(sec: number): string {
  if (sec >= 3600 && sec % 3600 === 0) return sec === 3600 ? "1 hour" : `${sec / 3600} hours`;
  if (sec >= 120) return `${Math.ceil(sec / 60)} minutes`;
  return sec === 1 ? "1 second" : `${sec} seconds`;
}

/** Ended windows are deleted at most once a minute per process, so the table holds about the live windows only. */
const CLEANUP_EVERY_MS = 60_000;
let lastCleanup = 0;

async function cleanUpNowAndThen(now: Date): Promise<void> {
  if (now.getTime() - lastCleanup < CLEANUP_EVERY_MS) return;
  lastCleanup = now.getTime();
  await deleteEndedWindows(now);
}
