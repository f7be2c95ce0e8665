import type { z } from "zod";

/**
 * The one rule for text a client sends (answers, message ids, transcripts, tokens, queries):
 * it must be well-formed. A NUL character or an unpaired UTF-16 surrogate cannot be stored
 * (PostgreSQL text and jsonb refuse both) and cannot be typed on a keyboard, so such a string
 * is refused with a 400 naming the field rather than silently changed: the client keeps the
 * draft, nothing is stored half-way.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point of this pattern
const ILL_FORMED = /\u0000|\p{Surrogate}/u;

export const ILL_FORMED_MESSAGE = "must not contain NUL characters or unpaired surrogates";

export function isWellFormedText(text: string): boolean {
  return !ILL_FORMED.test(text);
}

/** `schema` (a string schema with its limits) that also refuses ill-formed text. Limits first, so an oversize answer stays a 413. */
export function wellFormed<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine(isWellFormedText, ILL_FORMED_MESSAGE) as S;
}
