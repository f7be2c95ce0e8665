"use client";

import { useEffect, useRef, useState } from "react";
import { speakableText } from "@/lib/voice/speech-text";
import { secondaryButton } from "../styles";
import { useVoiceSettings } from "./voice-settings";

function synthesis(): SpeechSynthesis | null {
  return typeof window !== "undefined" && "speechSynthesis" in window ? window.speechSynthesis : null;
}

/** Read text aloud with the browser's voice; code identifiers are spoken as words. */
export function speak(text: string, onEnd?: () => void): void {
  const synth = synthesis();
  if (!synth) return;
  synth.cancel();
  const utterance = new SpeechSynthesisUtterance(speakableText(text));
  utterance.lang = "en-US";
  utterance.onend = () => onEnd?.();
  utterance.onerror = () => onEnd?.();
  synth.speak(utterance);
}

/** A "Read aloud" button for one question; hidden where the browser cannot speak. */
export function ReadAloudButton({ text }: { text: string }) {
  const [supported, setSupported] = useState(false);
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => setSupported(synthesis() !== null), []);
  if (!supported) return null;
  return (
    <button
      type="button"
      data-testid="read-aloud"
      className={`${secondaryButton} min-h-8 px-2 py-1 text-xs`}
      aria-pressed={speaking}
      onClick={() => {
        if (speaking) {
          synthesis()?.cancel();
          setSpeaking(false);
          return;
        }
        setSpeaking(true);
        speak(text, () => setSpeaking(false));
      }}
    >
      {speaking ? "Stop reading" : "Read aloud"}
    </button>
  );
}

/** Reads each new question (by key) aloud when the "read questions aloud" setting is on. */
export function useAutoReadQuestion(text: string | undefined, key: string | undefined): void {
  const [settings] = useVoiceSettings();
  const lastRead = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!settings.autoRead || !text || !key || lastRead.current === key) return;
    lastRead.current = key;
    speak(text);
  }, [settings.autoRead, text, key]);
  useEffect(() => () => synthesis()?.cancel(), []);
}
