import { randomUUID } from "node:crypto";
import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { saveMessage } from "@/lib/db/queries";
import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { streamEmitter } from "@/lib/interview/emitter";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { prepareTurn, runTurn } from "@/lib/interview/run-turn";
import { clientAddress } from "@/lib/limits/client-address";
import { runChargedTo } from "@/lib/limits/llm-budget";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { parseJsonBody } from "../_lib/request";
import { chatRequestSchema } from "./schema";

export const runtime = "nodejs";

/**
 * The interview turn: the client sends its newest message and the session id; the server
 * reloads the session, stores the message (before grading starts), then streams the
 * interviewer's reply as a UI message stream and stores that reply when the stream ends.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const identityId = readIdentity(request);
    const who = { identityId, address: clientAddress(request) };
    await enforceRateLimit("chat", who);
    const body = await parseJsonBody(request, chatRequestSchema, "chat");
    if (!identityId) throw new RehearseError("not_found:session");
    const prepared = await prepareTurn(identityId, body);
    const messageId = randomUUID();

    const stream = createUIMessageStream<RehearseMessage>({
      execute: async ({ writer }) => {
        writer.write({ type: "start", messageId });
        try {
          // Grading, follow-ups and answers to questions made here count against the identity's LLM budget.
          await runChargedTo(who, () => runTurn(prepared, streamEmitter(writer)));
        } catch (error) {
          if (!(error instanceof RehearseError)) console.error("[rehearse] chat turn failed", error);
          throw error;
        }
        writer.write({ type: "finish" });
      },
      // The client sees our message for expected failures, and never an internal error's details.
      onError: (error) =>
        error instanceof RehearseError
          ? error.message
          : "Something went wrong while grading. Your answer is saved: reload the session to grade it again.",
      onEnd: async ({ responseMessage }) => {
        if (responseMessage.parts.length > 0) await saveMessage(prepared.ctx.session.id, responseMessage);
      },
    });
    return createUIMessageStreamResponse({ stream });
  } catch (error) {
    return errorResponse(error);
  }
}
