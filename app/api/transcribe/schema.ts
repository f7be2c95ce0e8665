import { z } from "zod";
import { wellFormed } from "@/lib/text/well-formed";
import { MAX_TRANSCRIPT_CHARS, silenceGapSchema } from "@/lib/voice/delivery-schema";

const silencesSchema = z.array(silenceGapSchema).max(500);

/** The text fields of the multipart POST /api/transcribe (the recording itself is the `audio` file). */
export const transcribeFieldsSchema = z.object({
  /** The recorder's measure of the recording length. */
  durationMs: z.coerce.number().int().min(0).optional(),
  questionId: wellFormed(z.string().max(200)).optional(),
  /** JSON array of {startSec, endSec} silences the recorder measured. */
  silences: z
    .string()
    .max(50_000)
    .transform((s, ctx) => {
      try {
        return silencesSchema.parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: "custom", message: "silences must be a JSON array of {startSec, endSec}" });
        return z.NEVER;
      }
    })
    .optional(),
});

/** POST /api/transcribe/delivery: metrics for a transcript the browser recognised itself. */
export const deliveryRequestSchema = z.object({
  transcript: wellFormed(z.string().max(MAX_TRANSCRIPT_CHARS)),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(60 * 60 * 1000),
  questionId: wellFormed(z.string().max(200)).optional(),
  silences: silencesSchema.optional(),
});
