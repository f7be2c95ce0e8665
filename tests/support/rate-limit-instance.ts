import { POST as linkRoute } from "@/app/api/identity/link/route";
import { closeDb } from "@/lib/db/client";
import { IDENTITY_COOKIE, signIdentity } from "@/lib/identity";

/**
 * One app instance for tests/integration/rate-limits.test.ts: a separate Node process with its own
 * module instances and its own connection pool, sending `count` concurrent POST /api/identity/link
 * requests as one identity through the real route handler, against the DATABASE_URL it is given.
 * Prints the response statuses as a JSON array.
 *
 * Usage: node --conditions=react-server --import tsx tests/support/rate-limit-instance.ts <identity-id> <count>
 */
const [identityId, count] = process.argv.slice(2);
const statuses = await Promise.all(
  Array.from({ length: Number(count) }, async () => {
    const response = await linkRoute(
      new Request("http://localhost/api/identity/link", {
        method: "POST",
        headers: { cookie: `${IDENTITY_COOKIE}=${encodeURIComponent(signIdentity(identityId!))}` },
      }),
    );
    return response.status;
  }),
);
await closeDb();
console.log(JSON.stringify(statuses));
