import { RehearseError, errorResponse } from "@/lib/errors";
import { measureDelivery } from "@/lib/voice/transcribe";
import { deliveryRequestSchema } from "../schema";

/** Delivery metrics for a transcript recognised in the browser (live speech recognition). */
export async function POST(request: Request): Promise<Response> {
  try {
    const body: unknown = await request.json().catch(() => {
      throw new RehearseError("bad_request:audio", "The request body is not JSON.");
    });
    const parsed = deliveryRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RehearseError("bad_request:audio", issue?.message ?? "Invalid request.", issue?.path.join("."));
    }
    const { transcript, durationMs, questionId, silences } = parsed.data;
    return Response.json({ metrics: measureDelivery({ transcript, durationSec: durationMs / 1000, silences, questionId }) });
  } catch (error) {
    return errorResponse(error);
  }
}
