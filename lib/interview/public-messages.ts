import { publicGraderInfo } from "@/lib/grading/assessment";
import type { RehearseDataParts, RehearseMessage } from "./protocol";

/**
 * Parts as they may be served. Feedback stored before fallback codes existed can carry the
 * provider's error text as the grader's fallback reason (it could quote the API key), and stored
 * feedback is served again (a reload, a mock interview's held feedback, a resumed grading): every
 * assessment's grader info goes through publicGraderInfo on the way out, streamed or fetched.
 */
export function publicPart<P extends { type: string }>(part: P): P {
  if (part.type !== "data-assessment" || !("data" in part)) return part;
  const data = part.data as RehearseDataParts["assessment"];
  return { ...part, data: { ...data, assessment: { ...data.assessment, grader: publicGraderInfo(data.assessment.grader) } } };
}

export function publicMessage(message: RehearseMessage): RehearseMessage {
  return { ...message, parts: message.parts.map(publicPart) };
}
