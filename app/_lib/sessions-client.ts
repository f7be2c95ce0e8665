import type { CreateSession, RehearseMessage, SessionMode } from "@/lib/interview/protocol";
import { apiErrorFrom } from "./api-error";

/** The fields of a session the UI reads; the server may send more. */
export interface SessionView {
  id: string;
  track: string;
  mode: SessionMode;
  questionCount: number | null;
  timeLimitSec: number | null;
  /** The interview phase: "awaiting_answer", "grading" or "ended". */
  state?: string;
  createdAt?: string;
}

export interface SessionPayload {
  session: SessionView;
  messages: RehearseMessage[];
}

export async function createSession(input: Partial<CreateSession> & Pick<CreateSession, "track" | "mode">): Promise<SessionPayload> {
  const response = await fetch("/api/sessions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as SessionPayload;
}

/** The session and its conversation so far; null when it does not exist for this browser. */
export async function fetchSession(id: string): Promise<SessionPayload | null> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as SessionPayload;
}
