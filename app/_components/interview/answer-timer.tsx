"use client";

import { useEffect, useState } from "react";

/**
 * Per-answer countdown for mock interviews. Rendered with the question's turn id as its key, so a
 * new question mounts a new timer. It only informs: the server records late answers as over time
 * (shown in the summary) and grades them all the same.
 */
export function AnswerTimer({ seconds }: { seconds: number }) {
  const [left, setLeft] = useState(seconds);

  useEffect(() => {
    setLeft(seconds);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [seconds]);

  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  if (left === 0) {
    return (
      <span role="status" data-testid="answer-timer" className="font-semibold text-rose-700 dark:text-rose-300">
        Time is up: wrap up and send (the answer will be marked over time).
      </span>
    );
  }
  return (
    <span
      role="timer"
      aria-label={`${text} left to answer`}
      data-testid="answer-timer"
      className={`font-mono tabular-nums ${left <= 30 ? "font-semibold text-rose-700 dark:text-rose-300" : ""}`}
    >
      {text}
    </span>
  );
}
