import type { CreateInterviewSession, CreateReviewSession, RehearseMessage, SessionView } from "@/lib/interview/protocol";
import { apiErrorFrom } from "./api-error";

export type { SessionView };

/** One row of GET /api/sessions. */
export interface SessionListItem {
  id: string;
  track: string;
  mode: SessionView["mode"];
  status: "active" | "ended";
  createdAt: string;
  endedAt: string | null;
}

export interface SessionPayload {
  session: SessionView;
  messages: RehearseMessage[];
}

export async function createSession(
  input:
    | (Partial<CreateInterviewSession> & Pick<CreateInterviewSession, "track" | "mode">)
    | (Pick<CreateReviewSession, "review"> & Partial<CreateReviewSession>),
): Promise<SessionPayload> {
  const response = await fetch("/api/sessions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as SessionPayload;
}

/** This browser's sessions, newest first. */
export async function listSessions(): Promise<SessionListItem[]> {
  const response = await fetch("/api/sessions", { cache: "no-store" });
  if (!response.ok) throw await apiErrorFrom(response);
  return ((await response.json()) as { sessions: SessionListItem[] }).sessions;
}

/** The session and its conversation so far; null when it does not exist for this browser. */
export async function fetchSession(id: string): Promise<SessionPayload | null> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(id)}`, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as SessionPayload;
}
