"use client";

import type { SilenceGap } from "@/lib/voice/delivery-schema";

/**
 * Browser audio plumbing for spoken answers: the microphone stream, a silence detector (pauses
 * when the recogniser gives no word timings), a MediaRecorder, and live speech recognition.
 */

/** RMS level below which the microphone counts as silent (speech is well above, room noise below). */
const SILENCE_RMS = 0.012;
/** Silences shorter than this are ordinary gaps between words; delivery keeps only ≥ 2 s ones. */
const MIN_SILENCE_SEC = 1;

export interface SilenceDetector {
  /** Silences so far, in seconds from the start. */
  stop(): SilenceGap[];
}

export function detectSilences(stream: MediaStream): SilenceDetector {
  const AudioCtx = window.AudioContext;
  if (!AudioCtx) return { stop: () => [] };
  const context = new AudioCtx();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const started = performance.now();
  const gaps: SilenceGap[] = [];
  let silentSince: number | null = null;

  const now = () => (performance.now() - started) / 1000;
  const close = (at: number) => {
    if (silentSince !== null && at - silentSince >= MIN_SILENCE_SEC) gaps.push({ startSec: silentSince, endSec: at });
    silentSince = null;
  };
  const timer = window.setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const rms = Math.sqrt(sum / samples.length);
    if (rms < SILENCE_RMS) silentSince ??= now();
    else close(now());
  }, 100);

  return {
    stop() {
      window.clearInterval(timer);
      close(now());
      void context.close();
      return gaps;
    },
  };
}

/** The first container this browser can record (Chrome: webm/opus, Safari: mp4). */
export function recorderMimeType(): string | undefined {
  if (typeof MediaRecorder === "undefined") return undefined;
  return ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"].find((t) => MediaRecorder.isTypeSupported(t));
}

export function canRecord(): boolean {
  return typeof MediaRecorder !== "undefined" && typeof navigator !== "undefined" && Boolean(navigator.mediaDevices?.getUserMedia);
}

// --- Live speech recognition (Web Speech API; prefixed in Chrome, absent in Firefox). -------------

interface RecognitionAlternative {
  transcript: string;
}
interface RecognitionResult {
  readonly isFinal: boolean;
  readonly length: number;
  [index: number]: RecognitionAlternative;
}
interface RecognitionEvent {
  readonly resultIndex: number;
  readonly results: { readonly length: number; [index: number]: RecognitionResult };
}
export interface LiveRecognition {
  continuous: boolean;
  interimResults: boolean;
  lang: string;
  onresult: ((event: RecognitionEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}
type RecognitionConstructor = new () => LiveRecognition;

function recognitionConstructor(): RecognitionConstructor | null {
  if (typeof window === "undefined") return null;
  const w = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition ?? null;
}

export function liveRecognitionAvailable(): boolean {
  return recognitionConstructor() !== null;
}

/**
 * Starts live recognition. `onText` gets the final text so far and the current interim words;
 * `onDone` fires once when recognition ends, with an error code if it failed.
 */
export function startLiveRecognition(onText: (finalText: string, interim: string) => void, onDone: (error: string | null) => void): LiveRecognition {
  const Recognition = recognitionConstructor();
  if (!Recognition) throw new Error("Speech recognition is not available in this browser.");
  const recognition = new Recognition();
  recognition.continuous = true;
  recognition.interimResults = true;
  recognition.lang = "en-US";
  let finalText = "";
  let error: string | null = null;
  recognition.onresult = (event) => {
    let interim = "";
    for (let i = event.resultIndex; i < event.results.length; i++) {
      const result = event.results[i];
      const text = result?.[0]?.transcript ?? "";
      if (result?.isFinal) finalText = `${finalText} ${text}`.trim();
      else interim += text;
    }
    onText(finalText, interim.trim());
  };
  // "no-speech" and "aborted" are not failures: the candidate was silent or pressed stop.
  recognition.onerror = (event) => {
    if (event.error !== "no-speech" && event.error !== "aborted") error = event.error;
  };
  recognition.onend = () => onDone(error);
  recognition.start();
  return recognition;
}
