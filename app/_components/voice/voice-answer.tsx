"use client";

import type { VoiceMeta } from "@/lib/voice/delivery-schema";
import { mutedText, primaryButton, secondaryButton } from "../styles";
import { DeliveryPanel } from "./delivery-panel";
import { RecordingTimer } from "./recording-timer";
import { useVoiceCapture } from "./use-voice-capture";
import { useVoiceSettings } from "./voice-settings";
import { VoiceSettings } from "./voice-settings-panel";

interface VoiceAnswerProps {
  /** Called with the recognised text and its voice metadata; the candidate edits the text in the answer box. */
  onTranscript: (text: string, voice: VoiceMeta) => void;
  disabled?: boolean;
  /** Mock interview per-answer limit: warn at 80 %, stop recording at the limit. */
  timeLimitSec?: number | null;
  /** The question answered, so delivery can time the first key point. */
  questionId?: string;
}

/** The microphone button: live transcript where the browser recognises speech, else record and transcribe on the server. */
export function VoiceAnswer({ onTranscript, disabled = false, timeLimitSec = null, questionId }: VoiceAnswerProps) {
  const [settings, updateSettings] = useVoiceSettings();
  const capture = useVoiceCapture({ onTranscript, timeLimitSec, questionId, settings });
  const { support, phase, liveText, elapsedSec, error, metrics, failed, download } = capture.state;

  // Hold the button's place while support is checked, so the answer box below does not jump.
  if (support === null || capture.mode === null) return <div className="min-h-10" aria-hidden="true" />;
  const mode = capture.mode;
  const recording = phase === "recording";
  const busy = phase === "transcribing";

  return (
    <div data-testid="voice-answer" className="space-y-2 text-sm">
      {mode === "none" ? (
        <p data-testid="voice-unavailable" className={mutedText}>
          Speaking your answer is not available here: this browser has no speech recognition and the server has no transcription service configured. Type your
          answer below.
        </p>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            data-testid="mic-button"
            aria-pressed={recording}
            disabled={(disabled && !recording) || busy}
            onClick={recording ? capture.stop : capture.start}
            className={recording ? `${primaryButton} bg-rose-700 hover:bg-rose-800` : secondaryButton}
          >
            {recording ? <StopIcon /> : <MicrophoneIcon />}
            {recording ? "Stop recording" : busy ? "Transcribing…" : "Speak your answer"}
          </button>
          {recording && <RecordingTimer elapsedSec={elapsedSec} limitSec={timeLimitSec} />}
          {failed && !recording && !busy && (
            <button type="button" data-testid="transcribe-retry" className={secondaryButton} onClick={capture.retry}>
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
        <p className={mutedText}>
          The transcript is in the answer box: correct anything misheard before sending. The original transcript is kept with your answer.
        </p>
      )}
      {metrics && <DeliveryPanel metrics={metrics} />}

      {mode !== "none" && <VoiceSettings settings={settings} onChange={updateSettings} offerServerChoice={support.server && support.live} mode={mode} />}
    </div>
  );
}

// Inline SVG icons: an emoji glyph depends on the system's fonts and shows as a box without them.
function MicrophoneIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="size-4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
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
