import type { NewMessage } from "@/lib/db/queries";
import type { MessageRow, StoredPlannedQuestion } from "@/lib/db/schema";
import type { PlannedQuestion, RehearseMessage } from "./protocol";

/**
 * UI messages to and from their storage rows. Storage keeps parts as plain JSON (lib/db is a leaf);
 * every row was written here from a RehearseMessage, so reading it back is that message again.
 */

/** How a stored row links to the turn: a candidate's message names its turn, the interviewer's reply the message it answers. */
export interface MessageLink {
  turnId?: string | null;
  replyTo?: string | null;
}

export function messageRow(sessionId: string, message: RehearseMessage, link: MessageLink = {}): NewMessage {
  return {
    sessionId,
    id: message.id,
    role: message.role === "user" ? "user" : "assistant",
    parts: message.parts,
    metadata: message.metadata ?? null,
    turnId: link.turnId ?? null,
    replyTo: link.replyTo ?? null,
  };
}

/** The interviewer's reply to the candidate message `replyTo` (null when it answers none, e.g. a repair on load). */
export function replyRow(sessionId: string, replyId: string, parts: RehearseMessage["parts"], replyTo: string | null): NewMessage {
  return messageRow(sessionId, { id: replyId, role: "assistant", parts, metadata: { createdAt: new Date().toISOString() } }, { replyTo });
}

export function messageOf(row: MessageRow): RehearseMessage {
  return { id: row.id, role: row.role, parts: row.parts, ...(row.metadata ? { metadata: row.metadata } : {}) } as RehearseMessage;
}

// The stored plan and the protocol's are one shape: this fails to compile if either drifts.
const planFits: [StoredPlannedQuestion, PlannedQuestion] = [{} as PlannedQuestion, {} as StoredPlannedQuestion];
void planFits;
