import { createServer } from "node:http";
import { enableCompileCache } from "node:module";
import { parseArgs } from "node:util";
import { getHeapStatistics } from "node:v8";
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
 * - Garbage collection when the server falls idle after load (see collectWhenIdle), so that memory
 *   returns to where it was instead of climbing with every burst. Needs `node --expose-gc`, which
 *   `npm run serve` passes; without it the server runs, only without the idle collection.
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

/**
 * Node never collects garbage at idle, and V8 lets the old generation grow to several times the live
 * heap before a full collection. After a burst of load the heap stays as large as the burst left it,
 * and the next burst grows it further: measured with scripts/bench-load.ts (50 candidates × 5
 * answers), idle RSS rose ~45 MiB a run while the live heap after a full collection stayed at
 * 93 MiB. So once no request has been in flight for IDLE_MS, and the heap has grown by half since the
 * last collection, one full collection runs: the next burst reuses that memory instead of adding more.
 */
const IDLE_MS = 1_000;
const GROWTH_BEFORE_COLLECTING = 1.5;
const collect = (globalThis as { gc?: () => void }).gc;
let inFlight = 0;
let idleTimer: NodeJS.Timeout | undefined;
let heapAfterLastCollection = getHeapStatistics().used_heap_size;

function requestStarted(): void {
  inFlight++;
  clearTimeout(idleTimer);
}

function requestEnded(): void {
  inFlight--;
  if (inFlight === 0 && collect) idleTimer = setTimeout(collectWhenIdle, IDLE_MS).unref();
}

function collectWhenIdle(): void {
  if (inFlight > 0 || !collect) return;
  if (getHeapStatistics().used_heap_size < heapAfterLastCollection * GROWTH_BEFORE_COLLECTING) return;
  collect();
  heapAfterLastCollection = getHeapStatistics().used_heap_size;
}

const server = createServer(
  {
    headersTimeout,
    requestTimeout,
    // How often Node checks those timeouts (default 30 s, which would let a slow client stay 30 s longer).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  },
  (req, res) => {
    requestStarted();
    res.once("close", requestEnded);
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
