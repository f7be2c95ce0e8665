import { createServer } from "node:http";
import { enableCompileCache } from "node:module";
import { parseArgs } from "node:util";
// Relative .ts paths: this file runs on plain Node (type stripping: default from Node 22.18, behind
// --experimental-strip-types, which npm run serve passes, from 22.6), without tsx, whose loader
// would stay in the server for its lifetime (~130 MiB more resident memory, measured).
import { env, EnvError, type Env } from "../lib/env.ts";
import { CLIENT_ADDRESS_HEADER } from "../lib/limits/address-header.ts";

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
 * `npm run serve` gives V8 a larger young generation (--max-semi-space-size=64, MiB; the default is
 * 16), so that the short-lived garbage of turns in flight (request, grading, the database's rows)
 * is collected less often and less of it survives into the old generation. scripts/bench-load.ts, 50
 * candidates, warm runs, alternated on this 2-core machine (2026-12-07): server CPU per answer
 * 17.0–18.4 ms at the default, 13.2–14.8 at 32, then (with prepared statements) 11.6–14.0 at 32 and
 * 10.1–12.6 at 64; end-of-stream p99 0.91–1.19 s at 32, 0.80–0.98 s at 64; peak RSS ~30 MiB more.
 *
 * It no longer forces a full garbage collection when it falls idle (as it did from 2026-12-02, to
 * bring idle memory back after a burst): the burst after such a collection cost 15–20% more server
 * CPU per answer (14.5–16.6 against 11.7–13.5 ms; not traced further), and with the fetch-based
 * load client of the time its session starts stalled up to 2–3 s. With the larger young generation, V8 alone keeps idle RSS bounded: 694 → 750 MiB
 * over the first two of seven runs, then flat, then back to 563 (bench-load at 32, 2026-12-07).
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

// V8's compiled code of the server's modules kept on disk (under .next/cache, made by the build), so a
// start after the first loads Next.js and the app's chunks without compiling them again: compiling
// was ~0.8 s of every start (CPU profile of a start, this machine).
enableCompileCache(".next/cache/node-compile-cache");

// As `next start` does: production React and Next.js, set before either is loaded.
(process.env as Record<string, string>).NODE_ENV = "production";
const { default: next } = await import("next");
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
    handle(req, res).catch((error: unknown) => {
      // Next.js answers its own errors; this is only for a failure of the handler itself, as `next start` does.
      console.error(`[rehearse] request failed: ${req.method} ${req.url}`, error);
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end("Internal Server Error");
    });
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
