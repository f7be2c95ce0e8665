import { errorResponse } from "@/lib/errors";
import { measureDelivery } from "@/lib/voice/transcribe";
import { BODY_LIMITS, parseJsonBody, refuseCrossOrigin } from "../../_lib/request";
import { deliveryRequestSchema } from "../schema";
import { otherMethods } from "../../_lib/methods";

/** Delivery metrics for a transcript recognised in the browser (live speech recognition). */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseCrossOrigin(request);
    const { transcript, durationMs, questionId, silences } = await parseJsonBody(request, deliveryRequestSchema, "audio", BODY_LIMITS.delivery);
    return Response.json({ metrics: measureDelivery({ transcript, durationSec: durationMs / 1000, silences, questionId }) });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
