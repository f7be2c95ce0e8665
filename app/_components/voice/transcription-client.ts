import { z } from "zod";
import { apiErrorFrom } from "@/app/_lib/api-error";
import { deliveryMetricsSchema, type DeliveryMetrics, type SilenceGap } from "@/lib/voice/delivery-schema";

/**
 * The browser's three calls to the transcribe routes: is server transcription configured,
 * transcribe a recording, measure the delivery of a transcript the browser recognised itself.
 * A failed call throws an ApiError carrying the route's message.
 */

/** A recording kept in memory until it is transcribed, so a failed transcription can be retried. */
export interface Recording {
  blob: Blob;
  durationMs: number;
  silences: SilenceGap[];
}

const availabilitySchema = z.object({ available: z.boolean() });
const transcriptionSchema = z.object({ text: z.string(), metrics: deliveryMetricsSchema });
const deliverySchema = z.object({ metrics: deliveryMetricsSchema });

/** GET /api/transcribe. Any failure counts as "no": the browser's own recogniser may still serve. */
export async function serverTranscriptionAvailable(): Promise<boolean> {
  try {
    const response = await fetch("/api/transcribe");
    if (!response.ok) return false;
    const body = availabilitySchema.safeParse(await response.json());
    return body.success && body.data.available;
  } catch {
    return false;
  }
}

/** POST /api/transcribe: the recording as multipart, with what the recorder measured. */
export async function transcribeRecording(recording: Recording, questionId: string | undefined): Promise<z.infer<typeof transcriptionSchema>> {
  const form = new FormData();
  form.append("audio", recording.blob, "answer");
  form.append("durationMs", String(recording.durationMs));
  form.append("silences", JSON.stringify(recording.silences));
  if (questionId) form.append("questionId", questionId);
  const response = await fetch("/api/transcribe", { method: "POST", body: form });
  if (!response.ok) throw await apiErrorFrom(response);
  return transcriptionSchema.parse(await response.json());
}

/** POST /api/transcribe/delivery: metrics for a live transcript. */
export async function measureDelivery(input: {
  transcript: string;
  durationMs: number;
  questionId: string | undefined;
  silences: SilenceGap[];
}): Promise<DeliveryMetrics> {
  const response = await fetch("/api/transcribe/delivery", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return deliverySchema.parse(await response.json()).metrics;
}
