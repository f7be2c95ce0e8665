"use client";

import { useEffect, useRef, useState } from "react";
import { apiErrorFrom } from "@/app/_lib/api-error";
import { deliveryMetricsSchema, type DeliveryMetrics, type SilenceGap, type VoiceMeta } from "@/lib/voice/delivery-schema";
import { mutedText, primaryButton, secondaryButton } from "../styles";
import { DeliveryPanel } from "./delivery-panel";
import { canRecord, detectSilences, liveRecognitionAvailable, recorderMimeType, startLiveRecognition, type LiveRecognition, type SilenceDetector } from "./microphone";
import { RecordingTimer } from "./recording-timer";
import { useVoiceSettings } from "./voice-settings";

interface VoiceAnswerProps {
  /** Called with the recognised text and its voice metadata; the candidate edits the text in the answer box. */
  onTranscript: (text: string, voice: VoiceMeta) => void;
  disabled?: boolean;
  /** Mock interview per-answer limit: warn at 80 %, stop recording at the limit. */
  timeLimitSec?: number | null;
  /** The question answered, so delivery can time the first key point. */
  questionId?: string;
}

type Mode = "live" | "server" | "none";
type Phase = "idle" | "recording" | "transcribing" | "done";

/** A recording kept in memory until it is transcribed, so a failed transcription can be retried. */
interface Recording {
  blob: Blob;
  durationMs: number;
  silences: SilenceGap[];
}

function chooseMode(live: boolean, server: boolean, preferServer: boolean): Mode {
  if (server && (preferServer || !live)) return "server";
  if (live) return "live";
  return "none";
}

/** The microphone button: live transcript where the browser recognises speech, else record and transcribe on the server. */
export function VoiceAnswer({ onTranscript, disabled = false, timeLimitSec = null, questionId }: VoiceAnswerProps) {
  const [settings, updateSettings] = useVoiceSettings();
  const [support, setSupport] = useState<{ live: boolean; server: boolean; record: boolean } | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [liveText, setLiveText] = useState("");
  const [elapsedSec, setElapsedSec] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [metrics, setMetrics] = useState<DeliveryMetrics | null>(null);
  const [failed, setFailed] = useState<Recording | null>(null);
  const [download, setDownload] = useState<string | null>(null);

  const stream = useRef<MediaStream | null>(null);
  const silences = useRef<SilenceDetector | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const recognition = useRef<LiveRecognition | null>(null);
  const startedAt = useRef(0);
  const stopRef = useRef<() => void>(() => {});

  useEffect(() => {
    let cancelled = false;
    const live = liveRecognitionAvailable();
    const record = canRecord();
    fetch("/api/transcribe")
      .then((r) => (r.ok ? (r.json() as Promise<{ available?: boolean }>) : { available: false }))
      .catch(() => ({ available: false }))
      .then((body) => {
        if (!cancelled) setSupport({ live, server: body.available === true && record, record });
      });
    return () => {
      cancelled = true;
    };
  }, []);

  // Release the microphone if the component goes away mid-recording.
  useEffect(() => () => void release(), []);
  useEffect(() => () => void (download && URL.revokeObjectURL(download)), [download]);

  // The recording clock, and the hard stop at the mock interview's limit.
  useEffect(() => {
    if (phase !== "recording") return;
    const timer = window.setInterval(() => {
      const elapsed = (performance.now() - startedAt.current) / 1000;
      setElapsedSec(elapsed);
      if (timeLimitSec !== null && elapsed >= timeLimitSec) stopRef.current();
    }, 250);
    return () => window.clearInterval(timer);
  }, [phase, timeLimitSec]);

  // Hold the button's place while support is checked, so the answer box below does not jump.
  if (support === null) return <div className="min-h-10" aria-hidden="true" />;
  const mode = chooseMode(support.live, support.server, settings.preferServer);

  function release(): SilenceGap[] {
    const gaps = silences.current?.stop() ?? [];
    silences.current = null;
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
    return gaps;
  }

  async function start() {
    setError(null);
    setMetrics(null);
    setFailed(null);
    setLiveText("");
    setElapsedSec(0);
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      setError("The microphone is blocked or missing. Allow microphone access in the browser, or type your answer.");
      return;
    }
    silences.current = detectSilences(stream.current);
    startedAt.current = performance.now();
    if (mode === "live") startLive();
    else startRecorder(stream.current);
    setPhase("recording");
  }

  function startLive() {
    let finalText = "";
    recognition.current = startLiveRecognition(
      (text, interim) => {
        finalText = text;
        setLiveText(`${text} ${interim}`.trim());
      },
      (failure) => {
        recognition.current = null;
        const durationMs = performance.now() - startedAt.current;
        const gaps = release();
        if (failure && !finalText) {
          setPhase("idle");
          setError(
            failure === "not-allowed"
              ? "Speech recognition was not allowed. Allow the microphone, or type your answer."
              : `The browser's speech recognition failed (${failure}).${support?.server ? ' Tick "Use server transcription" below and try again,' : ""} or type your answer.`,
          );
          return;
        }
        void finishLive(finalText, Math.round(durationMs), gaps);
      },
    );
    stopRef.current = () => recognition.current?.stop();
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
      if (settings.keepAudio) setDownload(URL.createObjectURL(blob));
      void transcribe({ blob, durationMs, silences: gaps });
    };
    rec.start();
    recorder.current = rec;
    stopRef.current = () => {
      if (recorder.current?.state === "recording") recorder.current.stop();
    };
  }

  async function finishLive(text: string, durationMs: number, gaps: SilenceGap[]) {
    setPhase("transcribing");
    try {
      const response = await fetch("/api/transcribe/delivery", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ transcript: text, durationMs, questionId, silences: gaps }),
      });
      if (!response.ok) throw await apiErrorFrom(response);
      const body = (await response.json()) as { metrics: unknown };
      deliver(text, deliveryMetricsSchema.parse(body.metrics));
    } catch (e) {
      // Metrics are a bonus: the transcript still goes to the answer box.
      setPhase("done");
      setError(`Delivery metrics are unavailable: ${e instanceof Error ? e.message : String(e)}`);
      if (text) onTranscript(text, { transcript: text, metrics: deliveryMetricsSchema.parse(emptyMetrics(durationMs)) });
    }
  }

  async function transcribe(recording: Recording) {
    setPhase("transcribing");
    setError(null);
    const form = new FormData();
    form.append("audio", recording.blob, "answer");
    form.append("durationMs", String(recording.durationMs));
    form.append("silences", JSON.stringify(recording.silences));
    if (questionId) form.append("questionId", questionId);
    try {
      const response = await fetch("/api/transcribe", { method: "POST", body: form });
      if (!response.ok) throw await apiErrorFrom(response);
      const body = (await response.json()) as { text: string; metrics: unknown };
      setFailed(null);
      deliver(body.text, deliveryMetricsSchema.parse(body.metrics));
    } catch (e) {
      setFailed(recording);
      setPhase("idle");
      setError(e instanceof Error ? e.message : "Transcription failed. Your recording is kept: try again.");
    }
  }

  function deliver(text: string, m: DeliveryMetrics) {
    setMetrics(m);
    setPhase("done");
    setLiveText("");
    if (text.trim()) onTranscript(text.trim(), { transcript: text.trim(), metrics: m });
    else setError("No speech was recognised. Check the microphone and try again, or type your answer.");
  }

  const recording = phase === "recording";
  const busy = phase === "transcribing";

  return (
    <div data-testid="voice-answer" className="space-y-2 text-sm">
      {mode === "none" ? (
        <p data-testid="voice-unavailable" className={mutedText}>
          Speaking your answer is not available here: this browser has no speech recognition and the server has no transcription service configured. Type your answer below.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            data-testid="mic-button"
            aria-pressed={recording}
            disabled={(disabled && !recording) || busy}
            onClick={() => (recording ? stopRef.current() : void start())}
            className={recording ? `${primaryButton} bg-rose-700 hover:bg-rose-800` : secondaryButton}
          >
            {recording ? <StopIcon /> : <MicrophoneIcon />}
            {recording ? "Stop recording" : busy ? "Transcribing…" : "Speak your answer"}
          </button>
          {recording && <RecordingTimer elapsedSec={elapsedSec} limitSec={timeLimitSec} />}
          {failed && !recording && !busy && (
            <button type="button" data-testid="transcribe-retry" className={secondaryButton} onClick={() => void transcribe(failed)}>
              Retry transcription
            </button>
          )}
          {download && settings.keepAudio && (
            <a href={download} download="rehearse-answer" className="underline">
              Download my recording
            </a>
          )}
        </div>
      )}

      {recording && mode === "live" && (
        <p data-testid="live-transcript" aria-live="polite" className="rounded-lg bg-zinc-100 px-3 py-2 dark:bg-zinc-800">
          {liveText || <span className={mutedText}>Listening…</span>}
        </p>
      )}
      {error && (
        <p role="alert" data-testid="voice-error" className="text-rose-800 dark:text-rose-300">
          {error}
        </p>
      )}
      {phase === "done" && metrics && (
        <p className={mutedText}>The transcript is in the answer box: correct anything misheard before sending. The original transcript is kept with your answer.</p>
      )}
      {metrics && <DeliveryPanel metrics={metrics} />}

      {mode !== "none" && (
        <details className={`text-xs ${mutedText}`}>
          <summary className="cursor-pointer">Voice settings</summary>
          <div className="mt-1 space-y-1">
            <label className="flex items-center gap-2">
              <input type="checkbox" data-testid="setting-auto-read" checked={settings.autoRead} onChange={(e) => updateSettings({ autoRead: e.target.checked })} />
              Read each question aloud automatically
            </label>
            {support.server && support.live && (
              <label className="flex items-center gap-2">
                <input type="checkbox" data-testid="setting-prefer-server" checked={settings.preferServer} onChange={(e) => updateSettings({ preferServer: e.target.checked })} />
                Use server transcription instead of the browser&apos;s
              </label>
            )}
            <label className="flex items-center gap-2">
              <input type="checkbox" data-testid="setting-keep-audio" checked={settings.keepAudio} onChange={(e) => updateSettings({ keepAudio: e.target.checked })} />
              Let me download my recording
            </label>
            <p>
              {mode === "server"
                ? "Your recording is sent to the transcription service and then discarded: Rehearse does not store audio."
                : "Speech is recognised by your browser; Rehearse receives only the text and never stores audio."}
            </p>
          </div>
        </details>
      )}
    </div>
  );
}

/** Metrics when the server could not measure delivery: the length only. */
function emptyMetrics(durationMs: number): DeliveryMetrics {
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

// Inline SVG icons: an emoji glyph depends on the system's fonts and shows as a box without them.
function MicrophoneIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </svg>
  );
}

function StopIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4" fill="currentColor">
      <rect x="6" y="6" width="12" height="12" rx="2" />
    </svg>
  );
}
