import { COMFORTABLE_WPM, type DeliveryMetrics } from "@/lib/voice/delivery-schema";
import { mutedText } from "../styles";

function seconds(s: number): string {
  return s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}

/** Delivery of a spoken answer: coaching beside the grade, never part of it. */
export function DeliveryPanel({ metrics }: { metrics: DeliveryMetrics }) {
  const m = metrics;
  const pace =
    m.wordsPerMinute === null
      ? "too short to measure"
      : `${m.wordsPerMinute} words/min (${m.pace}; ${COMFORTABLE_WPM.min}–${COMFORTABLE_WPM.max} is comfortable)`;
  const fillers =
    m.fillers.total === 0
      ? "none"
      : `${m.fillers.total}${m.fillers.perMinute !== null ? ` (${m.fillers.perMinute}/min)` : ""}: ${m.fillers.items.map((f) => `${f.term} ×${f.count}`).join(", ")}`;
  const pauses =
    m.longPauses.source === "none"
      ? "not measured"
      : m.longPauses.count === 0
        ? "none of 2 s or more"
        : `${m.longPauses.count} of 2 s or more (longest ${m.longPauses.longestSec} s)`;
  const firstPoint = m.firstKeyPoint ? `${m.firstKeyPoint.approximate ? "about " : ""}${seconds(m.firstKeyPoint.atSec)} in` : "no key point clearly named";

  return (
    <section
      data-testid="delivery-panel"
      aria-label="Delivery"
      className="rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm dark:border-sky-900 dark:bg-sky-950/40"
    >
      <h3 className="font-semibold">Delivery</h3>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
        <dt className={mutedText}>Length</dt>
        <dd data-testid="delivery-duration">
          {seconds(m.durationSec)}, {m.wordCount} words
        </dd>
        <dt className={mutedText}>Pace</dt>
        <dd data-testid="delivery-wpm">{pace}</dd>
        <dt className={mutedText}>Filler words</dt>
        <dd data-testid="delivery-fillers">{fillers}</dd>
        <dt className={mutedText}>Long pauses</dt>
        <dd data-testid="delivery-pauses">{pauses}</dd>
        <dt className={mutedText}>First key point</dt>
        <dd data-testid="delivery-first-key-point">{firstPoint}</dd>
        <dt className={mutedText}>Technical terms</dt>
        <dd data-testid="delivery-terms">{m.technicalTerms.length > 0 ? m.technicalTerms.join(", ") : "none recognised"}</dd>
      </dl>
      {m.guidance.length > 0 && (
        <ul className="mt-2 list-disc space-y-1 pl-5">
          {m.guidance.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
      )}
      <p className={`mt-2 text-xs ${mutedText}`}>Delivery is coaching only: it never changes your content score.</p>
    </section>
  );
}
