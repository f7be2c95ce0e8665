import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * Each browser is an anonymous identity: a random id in a signed, httpOnly, SameSite=Lax cookie.
 * Sessions belong to an identity; nothing else identifies a candidate.
 */
export const IDENTITY_COOKIE = "rehearse_identity";
const ONE_YEAR_SEC = 60 * 60 * 24 * 365;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let cachedSecret: { dir: string; secret: string } | null = null;

/** SESSION_SECRET, or a secret generated once and kept (0600) in the data directory. */
function secret(): string {
  const e = env();
  if (e.SESSION_SECRET) return e.SESSION_SECRET;
  const dir = path.resolve(e.REHEARSE_DATA_DIR);
  if (cachedSecret?.dir === dir) return cachedSecret.secret;
  const file = path.join(dir, "session-secret");
  mkdirSync(dir, { recursive: true });
  try {
    // `wx` fails if another process wrote it first; then we read theirs.
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const value = readFileSync(file, "utf8").trim();
  cachedSecret = { dir, secret: value };
  return value;
}

function sign(id: string): string {
  return createHmac("sha256", secret()).update(id).digest("base64url");
}

/** The cookie value for an identity id: `<uuid>.<hmac>`. */
export function signIdentity(id: string): string {
  return `${id}.${sign(id)}`;
}

/** The identity id in a cookie value, or null when it is malformed or its signature does not match. */
export function verifyIdentity(value: string): string | null {
  const dot = value.indexOf(".");
  if (dot < 0) return null;
  const id = value.slice(0, dot);
  if (!UUID.test(id)) return null;
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

function cookieValue(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    if (pair.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(pair.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The verified identity of the request, or null. */
export function readIdentity(request: Request): string | null {
  const value = cookieValue(request, IDENTITY_COOKIE);
  return value ? verifyIdentity(value) : null;
}

export interface RequestIdentity {
  id: string;
  /** Set-Cookie header value when the identity was just minted; null when the browser already had one. */
  setCookie: string | null;
}

/** The request's identity, minting a new one (and its cookie) when it has none or a forged one. */
export function identify(request: Request): RequestIdentity {
  const existing = readIdentity(request);
  if (existing) return { id: existing, setCookie: null };
  const id = randomUUID();
  return { id, setCookie: identityCookie(id, request) };
}

/** The Set-Cookie value that makes the requesting browser this identity (a new one, or one carried over by a link). */
export function identityCookie(id: string, request: Request): string {
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const attributes = [`Path=/`, `Max-Age=${ONE_YEAR_SEC}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  return `${IDENTITY_COOKIE}=${signIdentity(id)}; ${attributes.join("; ")}`;
}

/** Headers carrying the identity cookie when one was minted. */
export function identityHeaders(identity: RequestIdentity): HeadersInit | undefined {
  return identity.setCookie ? { "set-cookie": identity.setCookie } : undefined;
}

/** Tests change REHEARSE_DATA_DIR between files. */
export function resetIdentitySecretForTests(): void {
  cachedSecret = null;
}
