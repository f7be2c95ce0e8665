import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "./address-header";

/**
 * The client's network address, for the per-address rate limits. A route handler cannot see the
 * socket, so the HTTP server (scripts/serve.ts) copies the socket's address into this header after
 * dropping any copy the client sent. Behind a reverse proxy (REHEARSE_TRUST_PROXY set) the socket is
 * the proxy, and the client is the last x-forwarded-for entry: the one the proxy itself appended.
 */
export { CLIENT_ADDRESS_HEADER };

/** The request's client address, or null when it cannot be known (route handlers called in-process). */
export function clientAddress(request: Request): string | null {
  if (env().REHEARSE_TRUST_PROXY) {
    const last = request.headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
    return last ? normalise(last) : null;
  }
  const direct = request.headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  return direct ? normalise(direct) : null;
}

/** IPv4 clients of a dual-stack socket show up as ::ffff:a.b.c.d: one client, one key. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address.toLowerCase();
}
