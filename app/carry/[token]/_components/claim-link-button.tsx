"use client";

import { useState } from "react";
import { primaryButton } from "@/app/_components/styles";
import { ApiError, apiErrorFrom } from "@/app/_lib/api-error";

/** Claims the one-time link, then opens /progress as the carried identity. */
export function ClaimLinkButton({ token }: { token: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function claim() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/identity/claim", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
      if (!response.ok) throw await apiErrorFrom(response);
      // A full navigation, so every server component renders with the new cookie.
      window.location.assign("/progress");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Could not use the link. Please try again.");
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <button type="button" data-testid="carry-claim" className={primaryButton} onClick={claim} disabled={busy} aria-busy={busy}>
        {busy ? "Continuing…" : "Continue with this history here"}
      </button>
      {error && (
        <p role="alert" data-testid="carry-error" className="text-sm text-rose-700 dark:text-rose-300">
          {error}
        </p>
      )}
    </div>
  );
}
