import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDb } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { copyTemplateDatabase, copyTrainedArtefacts } from "./artefacts";
import { IDENTITY_COOKIE, resetIdentitySecretForTests, signIdentity } from "@/lib/identity";

export type Backend = "pglite" | "postgres";

/**
 * A fresh data directory (and PGlite database) for a suite, or the Postgres at TEST_DATABASE_URL,
 * with none of a developer's settings leaking in: no OpenAI key, no clock offset, and a cookie
 * secret generated into the data directory. Returns the directory (valid once the suite started).
 */
export function useTestDatabase(backend: Backend): { dir: () => string } {
  let dir = "";
  beforeAll(async () => {
    await closeDb();
    dir = mkdtempSync(path.join(tmpdir(), "rehearse-test-"));
    copyTrainedArtefacts(dir);
    if (backend === "pglite") copyTemplateDatabase(dir);
    process.env.REHEARSE_DATA_DIR = dir;
    if (backend === "postgres") process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
    else delete process.env.DATABASE_URL;
    for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "SESSION_SECRET", "REHEARSE_CLOCK_OFFSET_DAYS"]) delete process.env[name];
    resetEnvForTests();
    resetIdentitySecretForTests();
  });
  afterAll(async () => {
    await closeDb();
    delete process.env.DATABASE_URL;
    resetEnvForTests();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir };
}

/** The Cookie header value a browser of this identity sends. */
export function identityCookie(identityId: string): string {
  return `${IDENTITY_COOKIE}=${encodeURIComponent(signIdentity(identityId))}`;
}

/** A request for `url` to a route handler, sent as the browser of `identityId` (no cookie when null). */
export function requestAs(url: string, identityId: string | null, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  if (identityId) headers.set("cookie", identityCookie(identityId));
  return new Request(`http://localhost${url}`, { ...init, headers });
}
