import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@/lib/env";

/**
 * Where an interview turn spends its time, for scripts/bench-chat.ts (issue: say what the route
 * spends its time on). With REHEARSE_TURN_TIMINGS=1 the chat route writes one line per turn to
 * stderr: the milliseconds spent in each named phase, and when (since the request arrived) the
 * first key point and the end of the turn were written. Off, every call here is a plain pass-through.
 * The turn is carried by AsyncLocalStorage, as the LLM budget's requester is, so that the stages
 * that time themselves need no extra argument.
 */
export const TURN_TIMING_PREFIX = "[rehearse] turn timing ";

interface TurnTimes {
  started: number;
  phases: Record<string, number>;
  marks: Record<string, number>;
}

const current = new AsyncLocalStorage<TurnTimes>();

/** Runs `work` as one timed turn (when timings are on). */
export function timeTurn<T>(work: () => T): T {
  if (!env().REHEARSE_TURN_TIMINGS) return work();
  return current.run({ started: performance.now(), phases: {}, marks: {} }, work);
}

/** Adds the time `work` takes to `phase` of the current turn. */
export async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const turn = current.getStore();
  if (!turn) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    turn.phases[phase] = (turn.phases[phase] ?? 0) + performance.now() - started;
  }
}

/** Notes when (since the request arrived) `name` first happened in the current turn. */
export function markTurn(name: string): void {
  const turn = current.getStore();
  if (turn && turn.marks[name] === undefined) turn.marks[name] = performance.now() - turn.started;
}

/** Writes the current turn's line, ending it. */
export function reportTurn(): void {
  const turn = current.getStore();
  if (!turn) return;
  markTurn("end");
  const round = (times: Record<string, number>) => Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  console.error(`${TURN_TIMING_PREFIX}${JSON.stringify({ phases: round(turn.phases), marks: round(turn.marks) })}`);
}
