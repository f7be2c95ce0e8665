import { transcribe } from "ai";
import { transcriptionModel } from "@/lib/ai/providers";
import { findQuestion } from "@/lib/bank/load";
import { env } from "@/lib/env";
import { RateLimitedError, RehearseError } from "@/lib/errors";
import { rubricPoints } from "@/lib/grading/rubric";
import { takeLlmCall } from "@/lib/limits/llm-budget";
import { deliveryMetrics } from "./delivery";
import type { DeliveryMetrics, SilenceGap, TimedWord } from "./delivery-schema";
import { getVocabulary, transcriptionPrompt } from "./vocabulary";
import { describeForLog } from "@/lib/ai/failure";

/**
 * Server side of "speak the answer": check an uploaded recording, transcribe it with the
 * configured OpenAI-compatible model (hinted with the bank's vocabulary), and measure delivery.
 * Audio is held in memory for the call only; nothing is written to disk or the database.
 */

export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
export const MAX_AUDIO_SECONDS = 5 * 60;
/** Base MIME types the recorder may send (MediaRecorder: webm/ogg/mp4; uploads: wav/mp3). */
export const ACCEPTED_AUDIO_TYPES = ["audio/webm", "audio/ogg", "audio/wav", "audio/x-wav", "audio/mpeg", "audio/mp4"] as const;

export function transcriptionAvailable(): boolean {
  return transcriptionModel() !== null;
}

/** "audio/webm;codecs=opus" → "audio/webm". */
export function baseMediaType(type: string): string {
  return type.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** Duration of a PCM WAV file from its header, or null when it is not a WAV we can read. */
export function wavDurationSec(bytes: Uint8Array): number | null {
  if (bytes.length < 44) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (ascii(0) !== "RIFF" || ascii(8) !== "WAVE") return null;
  let byteRate: number | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(at);
    const size = view.getUint32(at + 4, true);
    if (id === "fmt " && at + 16 <= bytes.length) byteRate = view.getUint32(at + 16, true);
    // espeak-ng and streaming writers leave the data size as 0 or 0xFFFFFFFF: use the bytes we have.
    if (id === "data") {
      if (!byteRate) return null;
      const available = bytes.length - (at + 8);
      const dataBytes = size === 0 || size === 0xffffffff || size > available ? available : size;
      return dataBytes / byteRate;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

export interface AudioUpload {
  bytes: Uint8Array;
  /** The MIME type the browser gave the file. */
  type: string;
  /** The recorder's own measure of the recording length, when the client sends it. */
  durationMs?: number;
  questionId?: string;
  silences?: SilenceGap[];
}

/** Size, type and duration limits, as 4xx errors naming the field at fault. */
export function checkAudio(upload: AudioUpload): { mediaType: string; durationSec: number | null } {
  const mediaType = baseMediaType(upload.type);
  if (!(ACCEPTED_AUDIO_TYPES as readonly string[]).includes(mediaType)) {
    throw new RehearseError(
      "unsupported_media_type:audio",
      `Audio of type "${upload.type || "unknown"}" is not accepted. Send one of: ${ACCEPTED_AUDIO_TYPES.join(", ")}.`,
      "audio",
    );
  }
  if (upload.bytes.length === 0) throw new RehearseError("bad_request:audio", "The recording is empty.", "audio");
  if (upload.bytes.length > MAX_AUDIO_BYTES) throw tooLarge();
  const headerSec = mediaType === "audio/wav" || mediaType === "audio/x-wav" ? wavDurationSec(upload.bytes) : null;
  const durationSec = upload.durationMs !== undefined ? upload.durationMs / 1000 : headerSec;
  if ((durationSec ?? 0) > MAX_AUDIO_SECONDS || (headerSec ?? 0) > MAX_AUDIO_SECONDS) {
    throw new RehearseError(
      "payload_too_large:audio",
      `The recording is longer than ${MAX_AUDIO_SECONDS / 60} minutes. Record a shorter answer.`,
      upload.durationMs !== undefined ? "durationMs" : "audio",
    );
  }
  return { mediaType, durationSec };
}

export function tooLarge(): RehearseError {
  return new RehearseError("payload_too_large:audio", `The recording is larger than ${MAX_AUDIO_BYTES / 1024 / 1024} MB. Record a shorter answer.`, "audio");
}

export interface TranscribeResult {
  text: string;
  words: TimedWord[];
  durationSec: number;
  metrics: DeliveryMetrics;
}

/** The core rubric points of a question, as text for the "first key point" measure. */
function keyPointsOf(questionId: string | undefined): string[] | undefined {
  const question = questionId ? findQuestion(questionId) : undefined;
  return question
    ? rubricPoints(question)
        .filter((p) => p.core)
        .map((p) => p.text)
    : undefined;
}

/** Delivery metrics for a transcript, with the question's key points and the bank's vocabulary. */
export function measureDelivery(input: {
  transcript: string;
  durationSec: number;
  words?: TimedWord[];
  silences?: SilenceGap[];
  questionId?: string;
}): DeliveryMetrics {
  return deliveryMetrics({
    transcript: input.transcript,
    durationSec: input.durationSec,
    words: input.words,
    silences: input.silences,
    keyPoints: keyPointsOf(input.questionId),
    vocabulary: getVocabulary().terms,
  });
}

export async function transcribeAnswer(upload: AudioUpload): Promise<TranscribeResult> {
  const { durationSec: declaredSec } = checkAudio(upload);
  const role = transcriptionModel();
  if (!role) {
    throw new RehearseError(
      "unavailable:audio",
      "Server transcription is not configured (no OPENAI_API_KEY or OPENAI_BASE_URL). Type your answer, or use a browser with speech recognition.",
    );
  }
  const budget = await takeLlmCall();
  if (!budget.allowed) {
    throw new RateLimitedError(
      "audio",
      "Today's transcription budget for this browser is used up. Type your answer, or use a browser with speech recognition.",
      budget.retryAfterSec,
    );
  }

  let result: Awaited<ReturnType<typeof transcribe>>;
  try {
    result = await transcribe({
      model: role.model,
      audio: upload.bytes,
      timestampGranularities: ["word"],
      providerOptions: { openai: { prompt: transcriptionPrompt(getVocabulary(), upload.questionId) } },
      // The candidate keeps the recording and can retry; a silent retry would only double the wait.
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(Math.max(env().REHEARSE_LLM_TIMEOUT_MS, 60_000)),
    });
  } catch (error) {
    console.error(`[rehearse] transcription failed: ${describeForLog(error)}`);
    const detail = error instanceof Error && "statusCode" in error && typeof error.statusCode === "number" ? ` (the service answered ${error.statusCode})` : "";
    throw new RehearseError("bad_gateway:audio", `Transcription failed${detail}. Your recording is kept: try again, or type your answer.`);
  }

  const words = (result.words ?? []).map((w) => ({ text: w.text, startSec: w.startSecond, endSec: w.endSecond }));
  const durationSec = declaredSec ?? result.durationInSeconds ?? words.at(-1)?.endSec ?? 0;
  const text = result.text.trim();
  return {
    text,
    words,
    durationSec,
    metrics: measureDelivery({ transcript: text, durationSec, words, silences: upload.silences, questionId: upload.questionId }),
  };
}
