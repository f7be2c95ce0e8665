import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvForTests } from "@/lib/env";
import { admitTurn, FifoGate, HOLD_LIMIT_MS, LOCAL_TURNS_AT_ONCE } from "@/lib/limits/turn-gate";

/** Which of `admissions` have resolved so far, by index. */
async function admitted(admissions: Array<Promise<unknown>>): Promise<number[]> {
  const done: number[] = [];
  admissions.forEach((p, i) => void p.then(() => done.push(i)));
  await new Promise((resolve) => setImmediate(resolve));
  return done.sort((a, b) => a - b);
}

describe("the turn gate", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    resetEnvForTests();
  });

  it("admits a few turns at once and the rest in the order they came, one per place freed", async () => {
    const gate = new FifoGate(2);
    const admissions = [gate.acquire(), gate.acquire(), gate.acquire(), gate.acquire()];
    expect(await admitted(admissions)).toEqual([0, 1]);
    const first = await admissions[0]!;
    first();
    first(); // a second release of the same place frees nothing more
    expect(await admitted(admissions)).toEqual([0, 1, 2]);
    (await admissions[1]!)();
    expect(await admitted(admissions)).toEqual([0, 1, 2, 3]);
  });

  it("gives a place held too long to the next turn, so a stuck turn cannot stop the others", async () => {
    vi.useFakeTimers();
    const gate = new FifoGate(1);
    const admissions = [gate.acquire(), gate.acquire()];
    let second = false;
    void admissions[1]!.then(() => (second = true));
    await vi.advanceTimersByTimeAsync(HOLD_LIMIT_MS - 1);
    expect(second).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second).toBe(true);
  });

  it("holds local turns to LOCAL_TURNS_AT_ONCE, and never holds back turns when an LLM grades", async () => {
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("OPENAI_BASE_URL", "");
    resetEnvForTests();
    const local = Array.from({ length: LOCAL_TURNS_AT_ONCE + 1 }, () => admitTurn());
    expect(await admitted(local)).toHaveLength(LOCAL_TURNS_AT_ONCE);
    vi.stubEnv("OPENAI_API_KEY", "sk-test");
    resetEnvForTests();
    const withModel = Array.from({ length: LOCAL_TURNS_AT_ONCE + 3 }, () => admitTurn());
    expect(await admitted(withModel)).toHaveLength(LOCAL_TURNS_AT_ONCE + 3);
    for (const release of await Promise.all(local.slice(0, LOCAL_TURNS_AT_ONCE))) release();
    expect(await admitted(local)).toHaveLength(LOCAL_TURNS_AT_ONCE + 1);
  });
});
