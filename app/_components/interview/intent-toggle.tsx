import type { Intent } from "@/lib/interview/protocol";

type MessageIntent = Extract<Intent, "answer" | "ask">;

const OPTIONS: { value: MessageIntent; label: string }[] = [
  { value: "answer", label: "Answer" },
  { value: "ask", label: "Ask the interviewer" },
];

/** Whether the text is graded as an answer or answered as a question. Native radios: arrow keys work. */
export function IntentToggle({ value, onChange, disabled }: { value: MessageIntent; onChange: (v: MessageIntent) => void; disabled?: boolean }) {
  return (
    <fieldset
      data-testid="intent-toggle"
      data-intent={value}
      disabled={disabled}
      className="inline-flex rounded-lg border border-zinc-300 p-0.5 dark:border-zinc-700"
    >
      <legend className="sr-only">Send as</legend>
      {OPTIONS.map((option) => (
        <label
          key={option.value}
          className="cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-zinc-700 has-checked:bg-indigo-700 has-checked:text-white has-focus-visible:outline-2 has-focus-visible:outline-offset-1 has-focus-visible:outline-indigo-600 dark:text-zinc-300 dark:has-checked:bg-indigo-400 dark:has-checked:text-zinc-950"
        >
          <input
            type="radio"
            name="intent"
            value={option.value}
            data-testid={`intent-${option.value}`}
            checked={value === option.value}
            onChange={() => onChange(option.value)}
            className="sr-only"
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

export type { MessageIntent };
