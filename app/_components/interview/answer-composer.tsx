"use client";

import type { KeyboardEvent } from "react";
import { focusRing, primaryButton } from "../styles";
import { IntentToggle, type MessageIntent } from "./intent-toggle";

interface AnswerComposerProps {
  value: string;
  onChange: (text: string) => void;
  intent: MessageIntent;
  onIntentChange: (intent: MessageIntent) => void;
  onSend: () => void;
  busy: boolean;
}

/** The answer box. Enter sends, Shift+Enter starts a new line. */
export function AnswerComposer({ value, onChange, intent, onIntentChange, onSend, busy }: AnswerComposerProps) {
  const canSend = !busy && value.trim().length > 0;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) onSend();
  }

  const label = intent === "ask" ? "Your question to the interviewer" : "Your answer";
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor="answer-box" className="text-sm font-semibold">
          {label}
        </label>
        <IntentToggle value={intent} onChange={onIntentChange} disabled={busy} />
      </div>
      <textarea
        id="answer-box"
        data-testid="answer-box"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
        rows={4}
        maxLength={8000}
        aria-describedby="answer-hint"
        placeholder={intent === "ask" ? "e.g. What does select_related do?" : "Answer as you would out loud…"}
        className={`block w-full resize-y rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900 dark:placeholder:text-zinc-500 ${focusRing}`}
      />
      <div className="flex items-center justify-between gap-2">
        <p id="answer-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          Enter to send · Shift+Enter for a new line
        </p>
        <button type="submit" data-testid="send-button" className={primaryButton} disabled={!canSend}>
          {busy ? "Sending…" : intent === "ask" ? "Ask" : "Send answer"}
        </button>
      </div>
    </form>
  );
}
