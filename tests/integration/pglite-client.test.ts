import { PGlite, types } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteForServer } from "@/lib/db/pglite-client";

/**
 * The server's PGlite client (lib/db/pglite-client.ts) must be indistinguishable from PGlite's
 * own query() to drizzle and to everything stored: same rows and types back, errors that leave the
 * database usable, transactions that stay atomic and are not interleaved with other statements.
 */
describe("PGlite as the server runs it", () => {
  let raw: PGlite;
  let pg: PGlite;

  beforeAll(async () => {
    raw = await PGlite.create();
    pg = pgliteForServer(raw);
    await raw.exec(`
      create table items (id uuid primary key, name text not null unique, data jsonb, at timestamptz, n integer);
      create table log (seq serial primary key, what text not null);
    `);
  });
  afterAll(() => raw.close());

  it("returns the rows PGlite's own query() returns, with the same types, in both row modes", async () => {
    const id = "6f1c1a52-6b1e-4c55-9a4e-8a3f1a2b3c4d";
    const at = new Date("2026-12-07T01:02:03.456Z");
    await pg.query("insert into items (id, name, data, at, n) values ($1, $2, $3, $4, $5)", [id, "first", { parts: [1, "two", null] }, at, 7]);
    await pg.query("insert into items (id, name, data, at, n) values ($1, $2, $3, $4, $5)", [
      "6f1c1a52-6b1e-4c55-9a4e-8a3f1a2b3c4e",
      "second",
      null,
      null,
      null,
    ]);
    const text = "select id, name, data, at, n from items where name = any($1) order by name";
    for (const rowMode of ["object", "array"] as const) {
      const mine = await pg.query(text, [["first", "second"]], { rowMode });
      const theirs = await raw.query(text, [["first", "second"]], { rowMode });
      expect(mine.rows).toEqual(theirs.rows);
      expect(mine.fields).toEqual(theirs.fields);
    }
    // A statement's own parsers (drizzle's keep dates as text) go before the defaults, which still parse the rest.
    const asText = { [types.TIMESTAMPTZ]: (value: string) => value };
    const mine = await pg.query(text, [["first", "second"]], { parsers: asText });
    expect(mine.rows).toEqual((await raw.query(text, [["first", "second"]], { parsers: asText })).rows);
    expect(mine.rows[0]).toMatchObject({ data: { parts: [1, "two", null] }, at: expect.stringMatching(/^2026-12-07 01:02:03\.456/), n: 7 });
    const [row] = (await pg.query<{ data: unknown; at: Date; n: number }>("select data, at, n from items where id = $1", [id])).rows;
    expect(row).toEqual({ data: { parts: [1, "two", null] }, at, n: 7 });
    // The same text again runs the statement prepared the first time, with the new values.
    expect((await pg.query<{ name: string }>("select name from items where id = $1", ["6f1c1a52-6b1e-4c55-9a4e-8a3f1a2b3c4e"])).rows).toEqual([
      { name: "second" },
    ]);
  });

  it("reports a failing statement with its query, and the database goes on working", async () => {
    const insert = "insert into items (id, name) values ($1, $2)";
    const error = await pg.query(insert, ["00000000-0000-4000-8000-000000000001", "first"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505", query: insert });
    await expect(pg.query("select count(*)::int as c from items")).resolves.toMatchObject({ rows: [{ c: 2 }] });
    await expect(pg.query("select nope from items")).rejects.toMatchObject({ code: "42703" });
    await expect(pg.query("select count(*)::int as c from items")).resolves.toMatchObject({ rows: [{ c: 2 }] });
  });

  it("rolls a failed transaction back whole and keeps a committed one", async () => {
    await expect(
      pg.transaction(async (tx) => {
        await tx.query("insert into log (what) values ($1)", ["rolled back"]);
        await tx.query("insert into items (id, name) values ($1, $2)", ["00000000-0000-4000-8000-000000000002", "first"]);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    await pg.transaction(async (tx) => {
      await tx.query("insert into log (what) values ($1)", ["kept"]);
    });
    expect((await pg.query<{ what: string }>("select what from log order by seq")).rows.map((r) => r.what)).toEqual(["kept"]);
  });

  it("runs a statement sent outside a transaction only after the transaction ends", async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const inTransaction = pg.transaction(async (tx) => {
      await tx.query("insert into log (what) values ($1)", ["in transaction"]);
      await held;
      order.push("transaction ends");
    });
    const outside = pg.query("select count(*)::int as c from log where what = $1", ["in transaction"]).then((r) => {
      order.push("outside runs");
      return r.rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await inTransaction;
    expect(await outside).toEqual([{ c: 1 }]);
    expect(order).toEqual(["transaction ends", "outside runs"]);
  });

  it("refuses a query on a transaction that has ended", async () => {
    let ended: { query: PGlite["query"] } | undefined;
    await pg.transaction(async (tx) => {
      ended = tx;
    });
    await expect(ended!.query("select 1")).rejects.toThrow(/closed/i);
  });

  it("keeps working past the cache's limit of prepared statements, re-preparing ones it let go", async () => {
    // Each text is its own statement (the constant differs), far more than the cache holds.
    for (let round = 0; round < 2; round++) {
      for (let k = 0; k < 260; k++) {
        const { rows } = await pg.query<{ v: number }>(`select $1::int + ${k} as v`, [round]);
        expect(rows[0]!.v).toBe(round + k);
      }
    }
    const { rows } = await raw.query<{ c: number }>("select count(*)::int as c from pg_prepared_statements");
    expect(rows[0]!.c).toBeLessThanOrEqual(200);
  });

  it("leaves statements other than data statements to PGlite (DDL, transaction control)", async () => {
    await pg.query("create table if not exists extra (k text)");
    await pg.query("insert into extra (k) values ($1)", ["x"]);
    const { rows } = await raw.query<{ statement: string }>("select statement from pg_prepared_statements");
    expect(rows.some((r) => /create table/i.test(r.statement))).toBe(false);
    expect(rows.some((r) => /insert into extra/i.test(r.statement))).toBe(true);
  });
});
