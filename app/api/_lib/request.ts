import type { z } from "zod";
import { RehearseError, type Surface } from "@/lib/errors";
import { MAX_ANSWER_CHARS } from "@/lib/interview/protocol";

/** Bodies are small JSON documents; anything far larger than the longest answer is refused unread. */
const MAX_BODY_BYTES = MAX_ANSWER_CHARS * 4 + 16_384;

/**
 * Reads and validates a JSON body. Broken JSON and schema violations are 400 with the field at
 * fault; an answer over MAX_ANSWER_CHARS (or a huge body) is 413.
 */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S, surface: Surface): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new RehearseError(`payload_too_large:${surface}`, "The request body is too large.");
  const raw = await request.text();
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new RehearseError(`payload_too_large:${surface}`, "The request body is too large.");
  let json: unknown;
  try {
    json = JSON.parse(raw);
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
