"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "./api-error";
import { createSession } from "./sessions-client";

/**
 * Starting a session from any button or form: create it, open it, or show the server's message
 * (the fallback when the server could not be reached).
 */
export function useStartSession(fallbackMessage: string) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(input: Parameters<typeof createSession>[0]) {
    setBusy(true);
    setError(null);
    try {
      const { session } = await createSession(input);
      router.push(`/interview/${session.id}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : fallbackMessage);
      setBusy(false);
    }
  }

  return { start, busy, error };
}
