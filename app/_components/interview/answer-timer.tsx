"use client";

import { useEffect, useRef, useState } from "react";

/** Per-answer countdown for mock interviews; restarts when the question changes and fires once at zero. */
export function AnswerTimer({ seconds, questionKey, onExpire }: { seconds: number; questionKey: string; onExpire: () => void }) {
  const [left, setLeft] = useState(seconds);
  const expire = useRef(onExpire);
  expire.current = onExpire;

  useEffect(() => {
    setLeft(seconds);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        clearInterval(timer);
        expire.current();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [seconds, questionKey]);

  const low = left <= 30;
  const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  return (
    <span
      role="timer"
      aria-label={`${text} left to answer`}
      data-testid="answer-timer"
      className={`font-mono text-sm tabular-nums ${low ? "font-semibold text-rose-700 dark:text-rose-300" : "text-zinc-700 dark:text-zinc-300"}`}
    >
      {text}
    </span>
  );
}
