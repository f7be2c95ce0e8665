import type { DeliveryMetrics } from "@/lib/voice/delivery-schema";
import type { Recording } from "./transcription-client";

/**
 * The states of the microphone button and the events that move it, as a pure reducer
 * (useVoiceCapture runs it; tests/unit/voice-capture-state.test.ts checks its transitions).
 * The browser's handles (stream, recorder, recogniser) stay in the hook: they are not state a
 * render shows.
 *
 *   idle, done   → idle          startRequested: the last answer's error, metrics and kept recording go
 *   idle         → idle          microphoneBlocked, with an error
 *   idle         → recording     recordingStarted
 *   recording    → idle          liveFailed: the live recogniser failed before hearing anything
 *   recording    → transcribing  transcribeStarted: the recorder stopped, or live recognition ended
 *   transcribing → done          delivered; deliveryUnavailable (a live transcript without metrics)
 *   transcribing → idle          transcriptionFailed: the recording is kept, transcribeStarted retries it
 */

/** What this browser and server can do: recognise speech live, transcribe a recording, record at all. */
export interface VoiceSupport {
  live: boolean;
  server: boolean;
  record: boolean;
}

/** How an answer is captured: the browser's recogniser, a recording sent to the server, or not at all. */
export type CaptureMode = "live" | "server" | "none";

export type CapturePhase = "idle" | "recording" | "transcribing" | "done";

export interface VoiceCaptureState {
  /** Null until the server says whether it transcribes. */
  support: VoiceSupport | null;
  phase: CapturePhase;
  /** The live recogniser's words so far (final and interim), shown while recording. */
  liveText: string;
  elapsedSec: number;
  error: string | null;
  metrics: DeliveryMetrics | null;
  /** A recording whose transcription failed, kept so the candidate can retry it. */
  failed: Recording | null;
  /** Object URL of the last recording, when the candidate asked to download recordings. */
  download: string | null;
}

export type VoiceCaptureEvent =
  | { type: "supportChecked"; support: VoiceSupport }
  | { type: "startRequested" }
  | { type: "microphoneBlocked" }
  | { type: "recordingStarted" }
  | { type: "ticked"; elapsedSec: number }
  | { type: "liveHeard"; text: string }
  /** The live recogniser ended with an error before it heard anything. */
  | { type: "liveFailed"; failure: string }
  | { type: "recordingKept"; url: string }
  | { type: "transcribeStarted" }
  | { type: "delivered"; text: string; metrics: DeliveryMetrics }
  /** A live transcript whose delivery could not be measured: the text still goes to the answer box. */
  | { type: "deliveryUnavailable"; reason: string }
  | { type: "transcriptionFailed"; recording: Recording; message: string };

export const initialVoiceCapture: VoiceCaptureState = {
  support: null,
  phase: "idle",
  liveText: "",
  elapsedSec: 0,
  error: null,
  metrics: null,
  failed: null,
  download: null,
};

export const MICROPHONE_BLOCKED = "The microphone is blocked or missing. Allow microphone access in the browser, or type your answer.";
export const NO_SPEECH = "No speech was recognised. Check the microphone and try again, or type your answer.";

/** The server's transcription when it is there and preferred (or the browser cannot recognise), else the browser's. */
export function chooseMode(support: VoiceSupport, preferServer: boolean): CaptureMode {
  if (support.server && (preferServer || !support.live)) return "server";
  if (support.live) return "live";
  return "none";
}

function liveFailureMessage(failure: string, serverAvailable: boolean): string {
  if (failure === "not-allowed") return "Speech recognition was not allowed. Allow the microphone, or type your answer.";
  return `The browser's speech recognition failed (${failure}).${serverAvailable ? ' Tick "Use server transcription" below and try again,' : ""} or type your answer.`;
}

/**
 * The next state. An event the current phase does not expect (a late timer tick, a recogniser
 * result after it stopped) leaves the state as it is.
 */
export function voiceCaptureReducer(state: VoiceCaptureState, event: VoiceCaptureEvent): VoiceCaptureState {
  const { phase } = state;
  switch (event.type) {
    case "supportChecked":
      return { ...state, support: event.support };
    case "startRequested":
      // A download link stays until the next recording replaces it.
      if (phase !== "idle" && phase !== "done") return state;
      return { ...state, phase: "idle", error: null, metrics: null, failed: null, liveText: "", elapsedSec: 0 };
    case "microphoneBlocked":
      return phase === "idle" ? { ...state, error: MICROPHONE_BLOCKED } : state;
    case "recordingStarted":
      return phase === "idle" ? { ...state, phase: "recording" } : state;
    case "ticked":
      return phase === "recording" ? { ...state, elapsedSec: event.elapsedSec } : state;
    case "liveHeard":
      return phase === "recording" ? { ...state, liveText: event.text } : state;
    case "liveFailed":
      return phase === "recording" ? { ...state, phase: "idle", error: liveFailureMessage(event.failure, state.support?.server === true) } : state;
    case "recordingKept":
      return { ...state, download: event.url };
    case "transcribeStarted":
      if (phase !== "recording" && !(phase === "idle" && state.failed)) return state;
      return { ...state, phase: "transcribing", error: null };
    case "delivered":
      if (phase !== "transcribing") return state;
      return { ...state, phase: "done", metrics: event.metrics, failed: null, liveText: "", error: event.text.trim() ? null : NO_SPEECH };
    case "deliveryUnavailable":
      return phase === "transcribing" ? { ...state, phase: "done", error: `Delivery metrics are unavailable: ${event.reason}` } : state;
    case "transcriptionFailed":
      return phase === "transcribing" ? { ...state, phase: "idle", failed: event.recording, error: event.message } : state;
  }
}
