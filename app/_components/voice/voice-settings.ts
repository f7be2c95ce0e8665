"use client";

import { useCallback, useEffect, useState } from "react";

/** Voice preferences, kept in this browser only. */
export interface VoiceSettings {
  /** Read each new question aloud without pressing the button. */
  autoRead: boolean;
  /** Record and transcribe on the server even when the browser can recognise speech itself. */
  preferServer: boolean;
  /** Offer the recording for download (it is never stored on the server). */
  keepAudio: boolean;
}

const KEY = "rehearse:voice";
const DEFAULTS: VoiceSettings = { autoRead: false, preferServer: false, keepAudio: false };
const CHANGED = "rehearse:voice-settings";

function read(): VoiceSettings {
  try {
    const stored: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? "{}");
    if (typeof stored !== "object" || stored === null) return DEFAULTS;
    const s = stored as Partial<Record<keyof VoiceSettings, unknown>>;
    return {
      autoRead: s.autoRead === true,
      preferServer: s.preferServer === true,
      keepAudio: s.keepAudio === true,
    };
  } catch {
    return DEFAULTS;
  }
}

/** The settings and a setter; every component using them sees a change at once. */
export function useVoiceSettings(): [VoiceSettings, (patch: Partial<VoiceSettings>) => void] {
  // Defaults on the server render; the stored values after mount (localStorage is browser-only).
  const [settings, setSettings] = useState<VoiceSettings>(DEFAULTS);
  useEffect(() => {
    setSettings(read());
    const sync = () => setSettings(read());
    window.addEventListener(CHANGED, sync);
    window.addEventListener("storage", sync);
    return () => {
      window.removeEventListener(CHANGED, sync);
      window.removeEventListener("storage", sync);
    };
  }, []);
  const update = useCallback((patch: Partial<VoiceSettings>) => {
    const next = { ...read(), ...patch };
    try {
      window.localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // Storage disabled: the setting lasts for this page only.
    }
    setSettings(next);
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [settings, update];
}
