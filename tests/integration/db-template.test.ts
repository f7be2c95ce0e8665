import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, placeDatabase, templateDir } from "@/lib/db/pglite-template";
import { TEMPLATE_ENV } from "../support/artefacts";

/**
 * A first start copies the empty database the build made instead of creating one; a database that
 * is already there is opened as it is, never replaced by the template.
 */
describe("the built empty database", () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "rehearse-db-template-"));
    // global-setup.ts made a migrated database: it stands in for the one `npm run index` makes.
    cpSync(path.join(process.env[TEMPLATE_ENV]!, "pglite"), templateDir(dataDir), { recursive: true });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("is what a data directory without a database starts from, with every migration applied", async () => {
    const client = await openPglite(path.join(dataDir, "pglite"), templateDir(dataDir));
    const { rows } = await client.query<{ n: number }>("select count(*)::int as n from drizzle.__drizzle_migrations");
    expect(rows[0]!.n).toBeGreaterThan(0);
    await client.exec("create table kept (a int); insert into kept values (1)");
    await client.close();
  });

  it("never replaces a database already there", async () => {
    const client = await openPglite(path.join(dataDir, "pglite"), templateDir(dataDir));
    const { rows } = await client.query<{ a: number }>("select a from kept");
    expect(rows).toEqual([{ a: 1 }]);
    await client.close();
  });

  it("is placed by the build in a data directory that has no database, and never over one", async () => {
    const fresh = mkdtempSync(path.join(tmpdir(), "rehearse-db-placed-"));
    try {
      cpSync(templateDir(dataDir), templateDir(fresh), { recursive: true });
      expect(placeDatabase(path.join(fresh, "pglite"), templateDir(fresh))).toBe(true);
      const client = await openPglite(path.join(fresh, "pglite"), templateDir(fresh));
      await client.exec("create table kept (a int); insert into kept values (2)");
      await client.close();
      expect(placeDatabase(path.join(fresh, "pglite"), templateDir(fresh))).toBe(false);
      const reopened = await openPglite(path.join(fresh, "pglite"), templateDir(fresh));
      expect((await reopened.query<{ a: number }>("select a from kept")).rows).toEqual([{ a: 2 }]);
      await reopened.close();
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
