import { llmConfigured } from "@/lib/env";
import { processWide } from "@/lib/process-wide";

/**
 * Interview turns graded by the local judge are CPU on this process's one main thread (PGlite runs
 * there too), so fifty of them at once only interleave: each waits behind the others' slices, and
 * the slowest finish far behind the median. Admitted in arrival order, a few at a time, each waits
 * its place and then runs nearly unhindered. scripts/bench-load.ts, 50 candidates on PGlite, 2 pairs
 * of 3 runs alternated (2026-12-07): end-of-stream p99 0.48–0.61 s against 0.90–1.16 s, 88–103
 * answers/s against 73–96 (the gate taken before the rate limit instead: p99 0.61–0.79 s); on
 * PostgreSQL no measurable change (p99 0.51–0.85 s against 0.57–0.75). Two at a time: one turn's
 * CPU overlaps the other's waits on storage. The chat route takes a place after the rate limit and
 * the body's checks, so a refused request never waits in the queue.
 */
export const LOCAL_TURNS_AT_ONCE = 2;
/**
 * A place is given up after this long whatever its turn is doing: the gate orders the work, it must
 * never stop it (a local turn takes milliseconds; one stuck on a failing database must not hold every
 * other candidate back).
 */
export const HOLD_LIMIT_MS = 10_000;

export type Release = () => void;

export class FifoGate {
  #free: number;
  #waiting: Array<(release: Release) => void> = [];

  constructor(limit: number) {
    this.#free = limit;
  }

  /** Resolves, in arrival order, once a place is free; calling the release more than once frees one place. */
  acquire(): Promise<Release> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(this.#place());
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #place(): Release {
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      clearTimeout(timer);
      const next = this.#waiting.shift();
      if (next) next(this.#place());
      else this.#free++;
    };
    const timer = setTimeout(release, HOLD_LIMIT_MS);
    timer.unref();
    return release;
  }
}

/**
 * A place for one interview turn: at once when an LLM is configured (its turns wait on the network,
 * not on this thread, and must not hold the others back), else in arrival order, LOCAL_TURNS_AT_ONCE
 * at a time, one gate per process.
 */
export function admitTurn(): Promise<Release> {
  if (llmConfigured()) return Promise.resolve(() => {});
  return processWide("local-turn-gate", () => new FifoGate(LOCAL_TURNS_AT_ONCE)).acquire();
}
