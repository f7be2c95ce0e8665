"use client";

import { useState } from "react";
import { card, mutedText, secondaryButton } from "@/app/_components/styles";
import { ApiError, apiErrorFrom } from "@/app/_lib/api-error";

type State = { kind: "idle" | "busy" } | { kind: "ready"; url: string; expiresAt: Date; copied: boolean } | { kind: "error"; message: string };

/** "Use Rehearse on another device": a one-time link to open there, with a copy button and its expiry. */
export function CarryLinkPanel() {
  const [state, setState] = useState<State>({ kind: "idle" });

  async function create() {
    setState({ kind: "busy" });
    try {
      const response = await fetch("/api/identity/link", { method: "POST" });
      if (!response.ok) throw await apiErrorFrom(response);
      const body = (await response.json()) as { url: string; expiresAt: string };
      setState({ kind: "ready", url: new URL(body.url, window.location.origin).href, expiresAt: new Date(body.expiresAt), copied: false });
    } catch (e) {
      setState({ kind: "error", message: e instanceof ApiError ? e.message : "Could not create a link. Please try again." });
    }
  }

  async function copy(url: string) {
    if (state.kind !== "ready") return;
    try {
      await navigator.clipboard.writeText(url);
      setState({ ...state, copied: true });
    } catch {
      // No clipboard permission: the link stays selectable in the field.
    }
  }

  return (
    <section aria-labelledby="carry-heading" className={`${card} print:hidden`} data-testid="carry-panel">
      <h2 id="carry-heading" className="text-lg font-semibold">
        Use Rehearse on another device
      </h2>
      <p className={`mt-1 text-sm ${mutedText}`}>
        There is no account: open a one-time link on the other device and it sees this same history. The link works once, for 15 minutes.
      </p>
      {state.kind === "ready" ? (
        <div className="mt-3 space-y-2">
          <div className="flex flex-wrap gap-2">
            <input
              readOnly
              value={state.url}
              aria-label="One-time link"
              data-testid="carry-url"
              className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className={secondaryButton} onClick={() => copy(state.url)} data-testid="carry-copy">
              {state.copied ? "Copied" : "Copy link"}
            </button>
          </div>
          <p className={`text-sm ${mutedText}`} data-testid="carry-expires">
            Expires at {state.expiresAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}. Anyone with the link can use it once, so only open it
            on your own device.
          </p>
        </div>
      ) : (
        <div className="mt-3">
          <button
            type="button"
            className={secondaryButton}
            onClick={create}
            disabled={state.kind === "busy"}
            aria-busy={state.kind === "busy"}
            data-testid="carry-create"
          >
            {state.kind === "busy" ? "Creating…" : "Create a one-time link"}
          </button>
        </div>
      )}
      {state.kind === "error" && (
        <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
          {state.message}
        </p>
      )}
    </section>
  );
}
