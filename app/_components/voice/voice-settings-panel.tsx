"use client";

import { mutedText } from "../styles";
import type { CaptureMode } from "./voice-capture-state";
import type { VoiceSettings as Settings } from "./voice-settings";

interface VoiceSettingsProps {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  /** Both the browser and the server can transcribe, so the candidate may choose. */
  offerServerChoice: boolean;
  /** How answers are captured now, for the sentence on where the audio goes. */
  mode: Exclude<CaptureMode, "none">;
}

/** The voice preferences under the microphone button, and where the candidate's audio goes. */
export function VoiceSettings({ settings, onChange, offerServerChoice, mode }: VoiceSettingsProps) {
  return (
    <details className={`text-xs ${mutedText}`}>
      <summary className="cursor-pointer">Voice settings</summary>
      <div className="mt-1 space-y-1">
        <label className="flex items-center gap-2">
          <input type="checkbox" data-testid="setting-auto-read" checked={settings.autoRead} onChange={(e) => onChange({ autoRead: e.target.checked })} />
          Read each question aloud automatically
        </label>
        {offerServerChoice && (
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              data-testid="setting-prefer-server"
              checked={settings.preferServer}
              onChange={(e) => onChange({ preferServer: e.target.checked })}
            />
            Use server transcription instead of the browser&apos;s
          </label>
        )}
        <label className="flex items-center gap-2">
          <input type="checkbox" data-testid="setting-keep-audio" checked={settings.keepAudio} onChange={(e) => onChange({ keepAudio: e.target.checked })} />
          Let me download my recording
        </label>
        <p>
          {mode === "server"
            ? "Your recording is sent to the transcription service and then discarded: Rehearse does not store audio."
            : "Speech is recognised by your browser; Rehearse receives only the text and never stores audio."}
        </p>
      </div>
    </details>
  );
}
