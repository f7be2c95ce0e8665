/** Fraction of the per-answer limit at which the candidate is warned. */
export const WARN_AT = 0.8;

function clock(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** Elapsed recording time against the mock interview's per-answer limit; warns at 80 %. */
export function RecordingTimer({ elapsedSec, limitSec }: { elapsedSec: number; limitSec: number | null }) {
  const warn = limitSec !== null && elapsedSec >= limitSec * WARN_AT;
  return (
    <span
      role="timer"
      data-testid="recording-timer"
      data-warning={warn ? "true" : "false"}
      className={`font-mono text-sm tabular-nums ${warn ? "font-semibold text-rose-700 dark:text-rose-300" : ""}`}
    >
      {clock(elapsedSec)}
      {limitSec !== null && ` / ${clock(limitSec)}`}
      {warn && (
        <span aria-live="assertive" className="ml-2 font-sans">
          {elapsedSec >= limitSec ? "Time is up: recording stopped." : `${Math.ceil(limitSec - elapsedSec)} s left`}
        </span>
      )}
    </span>
  );
}
