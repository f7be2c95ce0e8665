"use client";

import { useState } from "react";
import { TRACK_LABELS, TRACKS, type Track } from "@/lib/bank/schema";
import type { SessionMode } from "@/lib/interview/protocol";
import { useStartSession } from "@/app/_lib/use-start-session";
import { card, focusRing, primaryButton } from "../styles";

const TRACK_OPTIONS: { value: Track | "all"; label: string }[] = [{ value: "all", label: "All" }, ...TRACKS.map((t) => ({ value: t, label: TRACK_LABELS[t] }))];

const MODES: { value: SessionMode; label: string; hint: string }[] = [
  { value: "practice", label: "Practice", hint: "Feedback after every answer, with follow-up questions." },
  { value: "mock", label: "Mock interview", hint: "A fixed number of questions; feedback at the end." },
];

const choice =
  "flex cursor-pointer items-start gap-3 rounded-lg border border-zinc-300 p-3 has-checked:border-indigo-600 has-checked:bg-indigo-50 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 dark:border-zinc-700 dark:has-checked:border-indigo-400 dark:has-checked:bg-indigo-950/50";

const input = `mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900 ${focusRing}`;

/** Track and mode, then start: the server picks the questions. */
export function StartSessionForm() {
  const [track, setTrack] = useState<Track | "all">("all");
  const [mode, setMode] = useState<SessionMode>("practice");
  const [questionCount, setQuestionCount] = useState(5);
  const [timeLimitMin, setTimeLimitMin] = useState<number | null>(null);
  const { start, busy, error } = useStartSession("Could not start the session. Is the server running?");

  return (
    <form
      className={`${card} space-y-6`}
      aria-labelledby="start-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void start({ track, mode, questionCount, timeLimitSec: mode === "mock" && timeLimitMin ? timeLimitMin * 60 : null });
      }}
    >
      <h2 id="start-heading" className="text-lg font-semibold">
        Start a session
      </h2>

      <fieldset>
        <legend className="text-sm font-semibold">Track</legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {TRACK_OPTIONS.map((option) => (
            <label key={option.value} className={`${choice} items-center justify-center`}>
              <input
                type="radio"
                name="track"
                value={option.value}
                data-testid={`track-${option.value}`}
                checked={track === option.value}
                onChange={() => setTrack(option.value)}
                className="sr-only"
              />
              <span className="font-medium">{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset>
        <legend className="text-sm font-semibold">Mode</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {MODES.map((option) => (
            <label key={option.value} className={choice}>
              <input
                type="radio"
                name="mode"
                value={option.value}
                data-testid={`mode-${option.value}`}
                checked={mode === option.value}
                onChange={() => setMode(option.value)}
                className="mt-1 accent-indigo-700"
              />
              <span>
                <span className="block font-medium">{option.label}</span>
                <span className="block text-sm text-zinc-600 dark:text-zinc-400">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {/* Always rendered so choosing a mode never moves the button; only enabled for mock interviews. */}
      <div className={`grid gap-4 sm:grid-cols-2 ${mode === "mock" ? "" : "opacity-60"}`}>
        <label className="text-sm font-medium">
          Questions <span className="font-normal text-zinc-600 dark:text-zinc-400">(mock interview)</span>
          <input
            type="number"
            min={1}
            max={16}
            value={questionCount}
            data-testid="question-count"
            disabled={mode !== "mock"}
            onChange={(e) => setQuestionCount(Math.min(16, Math.max(1, Number(e.target.value) || 1)))}
            className={input}
          />
        </label>
        <label className="text-sm font-medium">
          Time limit per answer <span className="font-normal text-zinc-600 dark:text-zinc-400">(mock interview)</span>
          <select
            data-testid="time-limit"
            value={timeLimitMin ?? ""}
            disabled={mode !== "mock"}
            onChange={(e) => setTimeLimitMin(e.target.value ? Number(e.target.value) : null)}
            className={input}
          >
            <option value="">No limit</option>
            <option value="1">1 minute</option>
            <option value="2">2 minutes</option>
            <option value="3">3 minutes</option>
            <option value="5">5 minutes</option>
          </select>
        </label>
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" data-testid="start-session" className={primaryButton} disabled={busy} aria-busy={busy}>
          {busy ? "Starting…" : "Start interview"}
        </button>
        {error && (
          <p role="alert" data-testid="error-alert" className="text-sm text-rose-800 dark:text-rose-300">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
