import { defineConfig } from "drizzle-kit";

/**
 * drizzle-kit's settings, so `npm run db:generate -- --name <what-changed>` after editing
 * lib/db/schema.ts writes the next SQL migration, and `npm run db:check` says whether the schema
 * and the migrations agree. The app never reads this file: lib/db/migrate.ts applies the SQL.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/schema.ts",
  out: "./lib/db/migrations",
});
