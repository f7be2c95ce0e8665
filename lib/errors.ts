/**
 * The one error type routes throw, and the one place it becomes an HTTP response.
 * Every route answers errors with the same body, so the UI and tests can rely on it:
 *   { "error": { "code": "not_found:session", "message": "...", "field"?: "message.parts.0.text" } }
 *
 * An answer over MAX_ANSWER_CHARS is 413 `payload_too_large:answer` (not 400): the request is
 * well-formed, only too big, and the UI can tell the candidate to shorten it.
 */
import { describeForLog } from "@/lib/ai/failure";
export type ErrorType =
  | "bad_request"
  /** A cross-origin request to a route that changes state. */
  | "forbidden"
  | "not_found"
  /** A method the route does not take (Next's own 405 has no body). */
  | "method_not_allowed"
  | "conflict"
  /** A one-time link that was already used or has expired. */
  | "gone"
  | "payload_too_large"
  | "unsupported_media_type"
  /** Over a rate limit (lib/limits/rate-limit.ts): 429 with Retry-After. */
  | "rate_limited"
  | "internal"
  | "bad_gateway"
  | "unavailable";
export type Surface = "chat" | "session" | "answer" | "question" | "api" | "audio" | "review" | "link";
export type ErrorCode = `${ErrorType}:${Surface}`;

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  /** An upstream provider (e.g. transcription) failed. */
  bad_gateway: 502,
  /** A feature whose provider is not configured. */
  unavailable: 503,
};

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  "bad_request:chat": "The request could not be read.",
  "forbidden:api": "Requests from another site may not change anything here.",
  "not_found:session": "This session does not exist.",
  "not_found:question": "There is no question with this id.",
  "payload_too_large:answer": "The answer is too long.",
  "internal:api": "Something went wrong on our side. Please try again.",
};

export interface ErrorBody {
  error: { code: ErrorCode; message: string; field?: string };
}

export class RehearseError extends Error {
  readonly type: ErrorType;
  readonly surface: Surface;
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** The request field at fault, as a dotted path. */
    readonly field?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[code] ?? code);
    this.name = "RehearseError";
    const [type, surface] = code.split(":") as [ErrorType, Surface];
    this.type = type;
    this.surface = surface;
    this.status = STATUS[type];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }

  toResponse(headers?: HeadersInit): Response {
    return Response.json(this.toBody(), { status: this.status, headers });
  }
}

/** A request over a rate limit: 429 `rate_limited:<surface>`, with Retry-After in whole seconds. */
export class RateLimitedError extends RehearseError {
  constructor(
    surface: Surface,
    message: string,
    /** Seconds until the window that refused the request ends. */
    readonly retryAfterSec: number,
  ) {
    super(`rate_limited:${surface}`, message);
    this.name = "RateLimitedError";
  }

  override toResponse(headers?: HeadersInit): Response {
    const merged = new Headers(headers);
    merged.set("retry-after", String(this.retryAfterSec));
    return super.toResponse(merged);
  }
}

/** Any thrown value as a response: ours keep their code; anything else is a logged 500 that leaks nothing. */
export function errorResponse(error: unknown, headers?: HeadersInit): Response {
  if (error instanceof RehearseError) return error.toResponse(headers);
  console.error(`[rehearse] unexpected error: ${describeForLog(error)}`);
  return new RehearseError("internal:api").toResponse(headers);
}
