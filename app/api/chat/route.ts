import { createUIMessageStream, createUIMessageStreamResponse } from "ai";
import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { streamEmitter } from "@/lib/interview/emitter";
import type { RehearseMessage } from "@/lib/interview/protocol";
import { prepareTurn } from "@/lib/interview/prepare-turn";
import { runTurn } from "@/lib/interview/run-turn";
import { clientAddress } from "@/lib/limits/client-address";
import { runChargedTo } from "@/lib/limits/llm-budget";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { admitTurn } from "@/lib/limits/turn-gate";
import { BODY_LIMITS, parseJsonBody, refuseCrossOrigin } from "../_lib/request";
import { chatRequestSchema } from "./schema";
import { otherMethods } from "../_lib/methods";
import { describeForLog } from "@/lib/ai/failure";
import { markTurn, reportTurn, timed, timeTurn } from "@/lib/turn-timing";

export const runtime = "nodejs";

/**
 * The interview turn: the client sends its newest message and the session id; the server
 * reloads the session, stores the message (before grading starts), then streams the
 * interviewer's reply as a UI message stream; the reply is stored with what the turn changed.
 * A message id sent again gets the stored reply (or a 409 while the first send is being handled).
 */
export function POST(request: Request): Promise<Response> {
  return timeTurn(() => handle(request));
}

async function handle(request: Request): Promise<Response> {
  // The turn's place (lib/limits/turn-gate.ts), taken once the request is known to be one: released
  // when the reply has streamed, or below when the turn ends before it streams.
  let release = () => {};
  let streaming = false;
  try {
    refuseCrossOrigin(request);
    const identityId = readIdentity(request);
    const who = { identityId, address: clientAddress(request) };
    await timed("rate limit", () => enforceRateLimit("chat", who));
    const body = await timed("parse", () => parseJsonBody(request, chatRequestSchema, "chat", BODY_LIMITS.chat));
    if (!identityId) throw new RehearseError("not_found:session");
    release = await admitTurn();
    const prepared = await prepareTurn(identityId, body);

    const stream = createUIMessageStream<RehearseMessage>({
      // Called at once (createUIMessageStream runs it before returning): from here the stream releases the turn's place.
      execute: async ({ writer }) => {
        streaming = true;
        markTurn("stream start");
        writer.write({ type: "start", messageId: prepared.replyId });
        try {
          // Grading, follow-ups and answers to questions made here count against the identity's LLM budget.
          await runChargedTo(who, () => runTurn(prepared, streamEmitter(writer)));
        } catch (error) {
          if (!(error instanceof RehearseError)) console.error(`[rehearse] chat turn failed: ${describeForLog(error)}`);
          throw error;
        } finally {
          release();
        }
        writer.write({ type: "finish" });
        reportTurn();
      },
      // The client sees our message for expected failures, and never an internal error's details.
      onError: (error) =>
        error instanceof RehearseError ? error.message : "Something went wrong while grading. Your answer is saved: reload the session to grade it again.",
    });
    // Not gzipped by Next.js (no-transform): the parts are flushed one by one as they are made, and
    // compressing them was ~4 ms of the server's CPU per answer (CPU profile under
    // scripts/bench-load.ts) for a stream of a few KB.
    return createUIMessageStreamResponse({ stream, headers: { "cache-control": "no-cache, no-transform" } });
  } catch (error) {
    return errorResponse(error);
  } finally {
    if (!streaming) release();
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
