import type { z } from "zod";
import { RehearseError, type Surface } from "@/lib/errors";
import { MAX_ANSWER_CHARS } from "@/lib/interview/protocol";
import { MAX_TRANSCRIPT_CHARS } from "@/lib/voice/delivery-schema";
import { MAX_AUDIO_BYTES } from "@/lib/voice/transcribe";

/**
 * The boundary of every route handler that takes a request body: who may send it (same origin
 * only, for anything that changes state), what type it must be, how many bytes we read, and how
 * it is validated. Each refusal is a 4xx in the error shape (lib/errors.ts).
 */

const KiB = 1024;

/**
 * The most bytes each route reads. UTF-8 needs at most 3 bytes per UTF-16 unit, so the JSON
 * limits hold the longest valid text with room for the rest of the document; anything larger is
 * refused without reading further.
 */
export const BODY_LIMITS = {
  /** An answer plus, for a spoken one, its transcript and delivery metrics. */
  chat: (MAX_ANSWER_CHARS + MAX_TRANSCRIPT_CHARS) * 3 + 32 * KiB,
  /** A transcript recognised in the browser and its silences. */
  delivery: MAX_TRANSCRIPT_CHARS * 3 + 32 * KiB,
  /** Small documents: a session's settings, a link token. */
  small: 4 * KiB,
  /** A recording as multipart/form-data: the audio and a little slack for the form fields. */
  audio: MAX_AUDIO_BYTES + 64 * KiB,
} as const;

/**
 * Refuses a state-changing request sent by a page of another origin (403 `forbidden:api`).
 * A browser says where a request comes from: `Sec-Fetch-Site` (modern browsers), else `Origin`.
 * Same-origin and user-initiated (`none`) requests pass; so does a request with neither header,
 * which no browser sends for a POST: curl, the CLI, scripts, which cannot ride on a visitor's
 * cookie. Another port on the same host is another origin (SameSite=Lax does not stop it).
 */
export function refuseCrossOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) {
    if (site === "same-origin" || site === "none") return;
    throw new RehearseError("forbidden:api");
  }
  const origin = request.headers.get("origin");
  if (origin === null || sameOrigin(origin, request)) return;
  throw new RehearseError("forbidden:api");
}

/** Whether `origin` names the host (and port) this request was sent to. */
function sameOrigin(origin: string, request: Request): boolean {
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage
  }
  // Behind a reverse proxy the public host is X-Forwarded-Host; a page cannot set either header.
  // The scheme is not compared: behind a TLS proxy the app is reached over http while the page is
  // https, and no other server can answer on this host and port.
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  try {
    // Parsed with the origin's scheme so that default ports compare equal ("example.com:443" = "example.com").
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

/** Refuses a body that is not of `type` (415), e.g. a cross-site HTML form posting text/plain. */
export function requireContentType(request: Request, type: "application/json" | "multipart/form-data", surface: Surface): void {
  const given = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (given !== type) throw new RehearseError(`unsupported_media_type:${surface}`, `Send the request body as ${type}.`);
}

/**
 * The request body, reading at most `limit` bytes: a declared Content-Length over the limit is
 * refused unread, and the bytes are counted as they arrive, so a chunked body or one whose
 * Content-Length lies is refused (413) as soon as it passes the limit, without buffering the rest.
 */
export async function readBody(request: Request, limit: number, surface: Surface): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new RehearseError(`payload_too_large:${surface}`, `The request body is larger than ${Math.round(limit / KiB)} KiB.`);
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return new Uint8Array(0);

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-upload (or the stream broke): nothing to answer, nothing to log as ours.
      throw new RehearseError(`bad_request:${surface}`, "The request body could not be read to its end.");
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    // Stop pulling: the rest of the body is never read, let alone buffered. (The e2e test checks
    // on the real server that the 413 reaches a client still streaming 600 MiB.)
    if (size > limit) {
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads and validates a JSON body: 415 unless it is sent as application/json, 413 over `limit`
 * bytes (or an answer over MAX_ANSWER_CHARS), 400 for broken JSON or a schema violation, with the
 * field at fault.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, surface: Surface, limit: number): Promise<z.infer<S>> {
  requireContentType(request, "application/json", surface);
  const bytes = await readBody(request, limit, surface);
  let json: unknown;
  try {
    // fatal: bytes that are not UTF-8 are broken JSON, not text with replacement characters.
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new RehearseError(`bad_request:${surface}`, "The request body is not valid JSON.");
  }
  return parseWith(schema, json, surface);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, surface: Surface): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join(".") || undefined;
  const isAnswerText = issue.code === "too_big" && issue.path.at(-1) === "text";
  if (isAnswerText) throw new RehearseError("payload_too_large:answer", issue.message, field);
  throw new RehearseError(`bad_request:${surface}`, field ? `${field}: ${issue.message}` : issue.message, field);
}
