import path from "node:path";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type * as schema from "./schema";

/**
 * The SQL migrations kept in the repo. After editing lib/db/schema.ts write the next one with
 * `npm run db:generate -- --name <what-changed>` (settings in drizzle.config.ts); `npm run db:check`
 * says whether the schema and the migrations agree.
 * Drizzle's migrator records applied files in drizzle.__drizzle_migrations, on PGlite and Postgres alike.
 */
export const MIGRATIONS_DIR = path.join(process.cwd(), "lib", "db", "migrations");

type Target = { kind: "pglite"; db: PgliteDatabase<typeof schema> } | { kind: "postgres"; db: NodePgDatabase<typeof schema> };

export async function runMigrations(target: Target): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (target.kind === "pglite") await migratePglite(target.db, config);
  else await migrateNodePg(target.db, config);
}
