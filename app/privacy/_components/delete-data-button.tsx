"use client";

import { useState } from "react";
import { apiErrorFrom, ApiError } from "@/app/_lib/api-error";
import { secondaryButton } from "@/app/_components/styles";

/** Deletes everything stored for this browser, after a confirmation, and says what was removed. */
export function DeleteDataButton() {
  const [state, setState] = useState<{ kind: "idle" | "confirm" | "busy" } | { kind: "done" | "error"; message: string }>({ kind: "idle" });

  async function remove() {
    setState({ kind: "busy" });
    try {
      const response = await fetch("/api/identity/delete", { method: "POST" });
      if (!response.ok) throw await apiErrorFrom(response);
      const body = (await response.json()) as { message: string };
      setState({ kind: "done", message: body.message });
    } catch (e) {
      setState({ kind: "error", message: e instanceof ApiError ? e.message : "Could not delete your data. Please try again." });
    }
  }

  if (state.kind === "done") {
    return (
      <p role="status" data-testid="delete-result" className="text-sm font-medium">
        {state.message}
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {state.kind === "confirm" || state.kind === "busy" ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm">This removes every session and answer of this browser. It cannot be undone.</span>
          <button
            type="button"
            data-testid="confirm-delete"
            className={`${secondaryButton} border-rose-600 text-rose-800 dark:text-rose-300`}
            onClick={remove}
            disabled={state.kind === "busy"}
            aria-busy={state.kind === "busy"}
          >
            {state.kind === "busy" ? "Deleting…" : "Yes, delete everything"}
          </button>
          <button type="button" className={secondaryButton} onClick={() => setState({ kind: "idle" })} disabled={state.kind === "busy"}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          data-testid="delete-data"
          className={`${secondaryButton} border-rose-600 text-rose-800 dark:text-rose-300`}
          onClick={() => setState({ kind: "confirm" })}
        >
          Delete my data
        </button>
      )}
      {state.kind === "error" && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {state.message}
        </p>
      )}
    </div>
  );
}
