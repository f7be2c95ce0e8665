import type { Intent } from "@/lib/interview/protocol";
import { secondaryButton } from "../styles";

type ControlIntent = Extract<Intent, "skip" | "dont-know" | "next" | "end">;

const CONTROLS: { intent: ControlIntent; label: string }[] = [
  { intent: "skip", label: "Skip" },
  { intent: "dont-know", label: "I don't know" },
  { intent: "next", label: "Next question" },
  { intent: "end", label: "End session" },
];

/** Moves that need no text: the server records them like any other message. */
export function SessionControls({ onControl, busy }: { onControl: (intent: ControlIntent) => void; busy: boolean }) {
  return (
    <fieldset aria-label="Interview controls" className="flex flex-wrap gap-2">
      {CONTROLS.map((control) => (
        <button
          key={control.intent}
          type="button"
          data-testid={`control-${control.intent}`}
          className={secondaryButton}
          onClick={() => onControl(control.intent)}
          disabled={busy}
        >
          {control.label}
        </button>
      ))}
    </fieldset>
  );
}

export type { ControlIntent };
