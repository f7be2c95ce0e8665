import { randomUUID } from "node:crypto";
import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { saveMessage } from "@/lib/db/queries";
import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { streamEmitter } from "@/lib/interview/emitter";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { prepareTurn, runTurn } from "@/lib/interview/run-turn";
import { parseJsonBody } from "../_lib/request";
import { chatRequestSchema } from "./schema";
import { describeForLog } from "@/lib/ai/failure";

export const runtime = "nodejs";

/**
 * The interview turn: the client sends its newest message and the session id; the server
 * reloads the session, stores the message (before grading starts), then streams the
 * interviewer's reply as a UI message stream and stores that reply when the stream ends.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const body = await parseJsonBody(request, chatRequestSchema, "chat");
    const identityId = readIdentity(request);
    if (!identityId) throw new RehearseError("not_found:session");
    const prepared = await prepareTurn(identityId, body);
    const messageId = randomUUID();

    const stream = createUIMessageStream<RehearseMessage>({
      execute: async ({ writer }) => {
        writer.write({ type: "start", messageId });
        try {
          await runTurn(prepared, streamEmitter(writer));
        } catch (error) {
          if (!(error instanceof RehearseError)) console.error(`[rehearse] chat turn failed: ${describeForLog(error)}`);
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
