import { createServer } from "node:http";
import { parseArgs } from "node:util";
import next from "next";
import { env, EnvError, type Env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/limits/client-address";

/**
 * `npm run serve` (and `npm start` after the build): the production Next.js app behind our own
 * node:http server, because `next start` offers no way to set the two things this one does:
 *
 * - Timeouts that cut slow clients: headers not complete within REHEARSE_HEADERS_TIMEOUT_MS, or a
 *   request (headers and body, e.g. a body shorter than its Content-Length) not complete within
 *   REHEARSE_REQUEST_TIMEOUT_MS, get a 408 and the connection is closed. Responses (the streamed
 *   feedback) are not limited: the clock stops once the request has arrived.
 * - The client's address for the per-address rate limits: a route handler cannot see the socket, so
 *   it is passed on in a header (lib/limits/client-address.ts) that a client cannot set itself.
 *
 * Usage: npm run serve -- [-p <port>] [-H <hostname>]   (the same flags as `next start`)
 */

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);

let settings: Env;
try {
  settings = env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[rehearse] ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const requestTimeout = settings.REHEARSE_REQUEST_TIMEOUT_MS;
// Node requires the headers' timeout not to exceed the whole request's.
const headersTimeout = Math.min(settings.REHEARSE_HEADERS_TIMEOUT_MS, requestTimeout);

const app = next({ dev: false, dir: process.cwd(), hostname: values.hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(
  {
    headersTimeout,
    requestTimeout,
    // How often Node checks those timeouts (default 30 s, which would let a slow client stay 30 s longer).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  },
  (req, res) => {
    // Whatever the client sent under this name is dropped: only the socket's address is passed on.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    if (req.socket.remoteAddress) req.headers[CLIENT_ADDRESS_HEADER] = req.socket.remoteAddress;
    void handle(req, res);
  },
);
server.listen(port, values.hostname, () => {
  console.log(`[rehearse] listening on http://${values.hostname ?? "localhost"}:${port}`);
});

// Stop accepting connections, let the ones in flight finish, then exit (as `next start` does).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
