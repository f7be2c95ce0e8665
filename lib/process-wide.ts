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
