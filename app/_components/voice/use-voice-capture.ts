"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import type { DeliveryMetrics, SilenceGap, VoiceMeta } from "@/lib/voice/delivery-schema";
import {
  canRecord,
  detectSilences,
  liveRecognitionAvailable,
  recorderMimeType,
  startLiveRecognition,
  type LiveRecognition,
  type SilenceDetector,
} from "./microphone";
import { measureDelivery, serverTranscriptionAvailable, transcribeRecording, type Recording } from "./transcription-client";
import { chooseMode, initialVoiceCapture, voiceCaptureReducer, type CaptureMode, type VoiceCaptureState } from "./voice-capture-state";
import type { VoiceSettings } from "./voice-settings";

interface VoiceCaptureOptions {
  /** Called with the recognised text and its voice metadata. */
  onTranscript: (text: string, voice: VoiceMeta) => void;
  /** Stop recording at this many seconds (the mock interview's per-answer limit). */
  timeLimitSec: number | null;
  /** The question answered, so delivery can time the first key point. */
  questionId: string | undefined;
  settings: VoiceSettings;
}

export interface VoiceCapture {
  state: VoiceCaptureState;
  /** Null until the server has said whether it transcribes. */
  mode: CaptureMode | null;
  start(): void;
  stop(): void;
  /** Transcribe the kept recording again after a failure. */
  retry(): void;
}

/**
 * Capturing a spoken answer: the live recogniser where the browser has one, else a recording
 * transcribed on the server; then delivery metrics, and the transcript to `onTranscript`.
 * What a render shows is the reducer's state (./voice-capture-state.ts); the refs hold the
 * browser's handles, which are released when recording ends or the component goes away.
 */
export function useVoiceCapture({ onTranscript, timeLimitSec, questionId, settings }: VoiceCaptureOptions): VoiceCapture {
  const [state, dispatch] = useReducer(voiceCaptureReducer, initialVoiceCapture);

  const stream = useRef<MediaStream | null>(null);
  const silences = useRef<SilenceDetector | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const recognition = useRef<LiveRecognition | null>(null);
  const startedAt = useRef(0);
  /** Stops whichever capture is running: the recogniser or the recorder. */
  const stopCapture = useRef<() => void>(() => {});

  useEffect(() => {
    let cancelled = false;
    const live = liveRecognitionAvailable();
    const record = canRecord();
    void serverTranscriptionAvailable().then((server) => {
      if (!cancelled) dispatch({ type: "supportChecked", support: { live, server: server && record, record } });
    });
    return () => {
      cancelled = true;
    };
  }, []);

  /** Stops the microphone and the silence detector; returns the silences measured. Reads only refs, so it is one function for the hook's life. */
  const release = useCallback((): SilenceGap[] => {
    const gaps = silences.current?.stop() ?? [];
    silences.current = null;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    return gaps;
  }, []);

  // Release the microphone if the component goes away mid-recording.
  useEffect(() => () => void release(), [release]);
  const download = state.download;
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);

  // The recording clock, and the hard stop at the mock interview's limit.
  useEffect(() => {
    if (state.phase !== "recording") return;
    const timer = window.setInterval(() => {
      const elapsed = (performance.now() - startedAt.current) / 1000;
      dispatch({ type: "ticked", elapsedSec: elapsed });
      if (timeLimitSec !== null && elapsed >= timeLimitSec) stopCapture.current();
    }, 250);
    return () => window.clearInterval(timer);
  }, [state.phase, timeLimitSec]);

  const mode = state.support && chooseMode(state.support, settings.preferServer);

  async function start() {
    dispatch({ type: "startRequested" });
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      dispatch({ type: "microphoneBlocked" });
      return;
    }
    silences.current = detectSilences(stream.current);
    startedAt.current = performance.now();
    if (mode === "live") startLive();
    else startRecorder(stream.current);
    dispatch({ type: "recordingStarted" });
  }

  function startLive() {
    let finalText = "";
    recognition.current = startLiveRecognition(
      (text, interim) => {
        finalText = text;
        dispatch({ type: "liveHeard", text: `${text} ${interim}`.trim() });
      },
      (failure) => {
        recognition.current = null;
        const durationMs = performance.now() - startedAt.current;
        const gaps = release();
        if (failure && !finalText) dispatch({ type: "liveFailed", failure });
        else void finishLive(finalText, Math.round(durationMs), gaps);
      },
    );
    stopCapture.current = () => recognition.current?.stop();
  }

  function startRecorder(media: MediaStream) {
    const mimeType = recorderMimeType();
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(media, mimeType ? { mimeType } : undefined);
    rec.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    rec.onstop = () => {
      const durationMs = Math.round(performance.now() - startedAt.current);
      const gaps = release();
      const blob = new Blob(chunks, { type: rec.mimeType || mimeType || "audio/webm" });
      recorder.current = null;
      if (settings.keepAudio) dispatch({ type: "recordingKept", url: URL.createObjectURL(blob) });
      void transcribe({ blob, durationMs, silences: gaps });
    };
    rec.start();
    recorder.current = rec;
    stopCapture.current = () => {
      if (recorder.current?.state === "recording") recorder.current.stop();
    };
  }

  async function finishLive(text: string, durationMs: number, gaps: SilenceGap[]) {
    dispatch({ type: "transcribeStarted" });
    try {
      deliver(text, await measureDelivery({ transcript: text, durationMs, questionId, silences: gaps }));
    } catch (e) {
      // Metrics are a bonus: the transcript still goes to the answer box.
      dispatch({ type: "deliveryUnavailable", reason: e instanceof Error ? e.message : String(e) });
      if (text) onTranscript(text, { transcript: text, metrics: lengthOnlyMetrics(durationMs) });
    }
  }

  async function transcribe(recording: Recording) {
    dispatch({ type: "transcribeStarted" });
    try {
      const { text, metrics } = await transcribeRecording(recording, questionId);
      deliver(text, metrics);
    } catch (e) {
      dispatch({
        type: "transcriptionFailed",
        recording,
        message: e instanceof Error ? e.message : "Transcription failed. Your recording is kept: try again.",
      });
    }
  }

  function deliver(text: string, metrics: DeliveryMetrics) {
    dispatch({ type: "delivered", text, metrics });
    const transcript = text.trim();
    if (transcript) onTranscript(transcript, { transcript, metrics });
  }

  return {
    state,
    mode,
    start: () => void start(),
    stop: () => stopCapture.current(),
    retry: () => {
      if (state.failed) void transcribe(state.failed);
    },
  };
}

/** Metrics when the server could not measure delivery: the length only. */
function lengthOnlyMetrics(durationMs: number): DeliveryMetrics {
  return {
    durationSec: Math.round(durationMs / 100) / 10,
    wordCount: 0,
    wordsPerMinute: null,
    pace: "unknown",
    fillers: { total: 0, perMinute: null, items: [] },
    longPauses: { count: 0, longestSec: 0, source: "none", pauses: [] },
    firstKeyPoint: null,
    technicalTerms: [],
    guidance: [],
  };
}
