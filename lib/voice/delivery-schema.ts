import { z } from "zod";
import { wellFormed } from "@/lib/text/well-formed";

/**
 * The wire shapes of delivery: what the transcribe routes answer and what a spoken answer carries
 * back to /api/chat. Apart from the analysis (lib/voice/delivery.ts) so the browser and the
 * protocol can check them without pulling in the filler and key-point rules.
 */

/** Words a minute listeners find comfortable: between them the pace is "comfortable", outside "slow" or "fast". */
export const COMFORTABLE_WPM = { min: 120, max: 160 } as const;

export const timedWordSchema = z.object({
  text: z.string(),
  startSec: z.number().min(0),
  endSec: z.number().min(0),
});
export type TimedWord = z.infer<typeof timedWordSchema>;

export const silenceGapSchema = z.object({ startSec: z.number().min(0), endSec: z.number().min(0) });
export type SilenceGap = z.infer<typeof silenceGapSchema>;

export const deliveryMetricsSchema = z.object({
  durationSec: z.number().min(0),
  wordCount: z.number().int().min(0),
  /** Null when the recording is too short to say. */
  wordsPerMinute: z.number().nullable(),
  pace: z.enum(["slow", "comfortable", "fast", "unknown"]),
  fillers: z.object({
    total: z.number().int().min(0),
    perMinute: z.number().nullable(),
    items: z.array(z.object({ term: wellFormed(z.string()), count: z.number().int().min(1) })),
  }),
  longPauses: z.object({
    count: z.number().int().min(0),
    longestSec: z.number().min(0),
    /** Where the pauses were measured: recogniser word timings, recorder silence, or not at all. */
    source: z.enum(["words", "silence", "none"]),
    pauses: z.array(z.object({ atSec: z.number().min(0), lengthSec: z.number().min(0) })),
  }),
  firstKeyPoint: z
    .object({
      atSec: z.number().min(0),
      /** The reference's key point first touched on. */
      point: wellFormed(z.string()),
      /** True when word timings were unavailable and the time is interpolated from word position. */
      approximate: z.boolean(),
    })
    .nullable(),
  technicalTerms: z.array(wellFormed(z.string())),
  guidance: z.array(wellFormed(z.string())),
});
export type DeliveryMetrics = z.infer<typeof deliveryMetricsSchema>;

/** Longest transcript a client may send: five minutes of fast speech. */
export const MAX_TRANSCRIPT_CHARS = 12_000;

/**
 * What a spoken answer carries beside the (possibly edited) text: the recogniser's original words
 * and delivery. The client sends it back with the answer, so its strings are checked like any input.
 */
export const voiceMetaSchema = z.object({
  /** The transcript as recognised, before the candidate edited it. */
  transcript: wellFormed(z.string().max(MAX_TRANSCRIPT_CHARS)),
  metrics: deliveryMetricsSchema,
});
export type VoiceMeta = z.infer<typeof voiceMetaSchema>;
