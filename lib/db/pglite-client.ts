import { type PGlite, protocol, parse, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";

/**
 * PGlite as the server uses it (lib/db/client.ts gives this client to drizzle, whose queries are
 * written as before): each data statement's text is parsed and planned once per process, then only
 * bound and executed. PGlite's own query() sends every statement unnamed, so PostgreSQL (on this
 * thread, in WebAssembly) parses, analyses and plans it each time: for an interview turn's read of the
 * session (one statement with two joins and a subquery) ~0.55 of its 0.92 ms; prepared, 0.38 ms
 * (2026-12-07, this machine, the same rows back). Only data statements (select, insert, update,
 * delete, with) are prepared; DDL, the migrations and transaction control go through PGlite's
 * query() unchanged. At most MAX_PREPARED texts are kept; the least recently used is closed to make
 * room, so statements built with a varying number of values cannot grow the cache without bound.
 * It runs on PGlite's own exported protocol API (execProtocolStream, its query and transaction
 * locks, its serializers and result parser), as its query() does; tests/integration/pglite-client
 * checks the results against query()'s.
 *
 * Measured and not kept: letting a statement that finds the database busy wait one turn of the event
 * loop first. PGlite's statements complete as promises, so a backlog of them runs as one chain of
 * microtasks and holds back other I/O until it drains (50 requests × 5 statements: a setImmediate
 * queued at the start ran after all of them); but under bench-load's 50 candidates the wait made no
 * measurable difference to answers/s or p99 (alternated, 2026-12-07).
 */

const MAX_PREPARED = 200;
const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;

interface Prepared {
  name: string;
  /** Parameter type oids, from PostgreSQL's description of the statement: they pick each value's serializer. */
  types: number[];
}

const { serialize } = protocol;

class PreparedStatements {
  #pg: PGlite;
  /** Statement text → its prepared statement; Map order is recency of use (oldest first). */
  #byText = new Map<string, Prepared>();
  #next = 0;

  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  /** One statement, on PGlite's query lock; `sync` writes PGlite's files afterwards, as query() does outside a transaction. */
  run<T>(text: string, params: unknown[], options: QueryOptions | undefined, sync: boolean): Promise<Results<T>> {
    const pg = this.#pg;
    return pg._runExclusiveQuery(async () => {
      const noSync = { ...options, syncToFs: false };
      const messages = [];
      try {
        const prepared = await this.#prepared(text, options, noSync);
        const values = params.map((value, i) => {
          if (value === null || value === undefined) return null;
          const type = prepared.types[i]!;
          const serializer = options?.serializers?.[type] ?? pg.serializers[type];
          return serializer ? serializer(value) : String(value);
        });
        messages.push(...(await pg.execProtocolStream(serialize.bind({ statement: prepared.name, values }), noSync)));
        messages.push(...(await pg.execProtocolStream(serialize.describe({ type: "P" }), noSync)));
        messages.push(...(await pg.execProtocolStream(serialize.execute({}), noSync)));
      } catch (error) {
        // As PGlite's query() does: the failing statement and its values travel with the error.
        if (error instanceof Error) Object.assign(error, { query: text, params, queryOptions: options });
        throw error;
      } finally {
        messages.push(...(await pg.execProtocolStream(serialize.sync(), noSync)));
      }
      if (sync) await pg.syncToFs();
      return parse.parseResults(messages, ...parsersFor(pg, options))[0] as Results<T>;
    });
  }

  async #prepared(text: string, options: QueryOptions | undefined, noSync: QueryOptions): Promise<Prepared> {
    const key = options?.paramTypes ? `${options.paramTypes.join(",")}\n${text}` : text;
    const known = this.#byText.get(key);
    if (known) {
      this.#byText.delete(key);
      this.#byText.set(key, known);
      return known;
    }
    const pg = this.#pg;
    if (this.#byText.size >= MAX_PREPARED) {
      const [oldestKey, oldest] = this.#byText.entries().next().value!;
      this.#byText.delete(oldestKey);
      await pg.execProtocolStream(serialize.close({ type: "S", name: oldest.name }), noSync);
    }
    // Names are never reused: a statement whose Parse succeeded but whose Describe failed stays in
    // the database session, unused, rather than clashing with a later Parse of the same name.
    const name = `rehearse_${++this.#next}`;
    await pg.execProtocolStream(serialize.parse({ name, text, types: options?.paramTypes }), noSync);
    const types = parse.parseDescribeStatementResults(await pg.execProtocolStream(serialize.describe({ type: "S", name }), noSync));
    const prepared = { name, types };
    this.#byText.set(key, prepared);
    return prepared;
  }
}

/**
 * The parsers and options to hand PGlite's result parser. Given options with parsers of their own
 * (drizzle's, on every statement: dates and times left as text), that parser copies PGlite's ~320
 * default parsers into a new object for each statement: the largest single cost in a CPU profile of
 * a turn's storage (12.6% of its samples). The same lookups through a prototype instead, the
 * statement's few parsers in front of the defaults: the turn's statements, rolled back in a loop
 * in-process, 10.2–10.8 → 6.1–7.8 ms (2026-12-07).
 */
function parsersFor(pg: PGlite, options: QueryOptions | undefined): [PGlite["parsers"], QueryOptions | undefined] {
  if (!options?.parsers) return [pg.parsers, options];
  const parsers: PGlite["parsers"] = Object.assign(Object.create(pg.parsers), options.parsers);
  return [parsers, { ...options, parsers: undefined }];
}

type Query = PGlite["query"];

/** `pg` with query() and transaction() as described above; everything else is PGlite's own. */
export function pgliteForServer(pg: PGlite): PGlite {
  const statements = new PreparedStatements(pg);
  const query = (original: Query, inTransaction: boolean): Query =>
    (async (text: string, params: unknown[] = [], options?: QueryOptions) => {
      const prepared = DATA_STATEMENT.test(text) && !options?.blob;
      if (inTransaction) return prepared ? statements.run(text, params, options, false) : original(text, params, options);
      if (!prepared) return original(text, params, options);
      // As PGlite's query() does: ready first (so statements keep the order they were sent in,
      // transactions included), then wait for any transaction to end.
      await pg._checkReady();
      return pg._runExclusiveTransaction(() => statements.run(text, params, options, true));
    }) as Query;
  const transaction = <T>(work: (tx: Transaction) => Promise<T>): Promise<T> =>
    pg.transaction((tx) => {
      const inside = tx.query.bind(tx);
      const prepared = query(inside, true);
      return work(
        new Proxy(tx, {
          get: (target, prop, receiver) => {
            if (prop !== "query") return Reflect.get(target, prop, receiver);
            // A transaction that has ended (committed, rolled back) refuses queries, as PGlite's own does.
            return (text: string, params?: unknown[], options?: QueryOptions) =>
              target.closed ? inside(text, params, options) : prepared(text, params, options);
          },
        }),
      );
    });
  const topLevel = query(pg.query.bind(pg), false);
  return new Proxy(pg, {
    get: (target, prop, receiver) => {
      if (prop === "query") return topLevel;
      if (prop === "transaction") return transaction;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
