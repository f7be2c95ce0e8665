import { RehearseError, errorResponse } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { clientAddress } from "@/lib/limits/client-address";
import { runChargedTo } from "@/lib/limits/llm-budget";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { transcribeAnswer, transcriptionAvailable } from "@/lib/voice/transcribe";
import { BODY_LIMITS, readBody, refuseCrossOrigin, requireContentType } from "../_lib/request";
import { transcribeFieldsSchema } from "./schema";
import { otherMethods } from "../_lib/methods";

/** Whether server transcription is configured, so the client can offer it. */
export function GET(): Response {
  return Response.json({ available: transcriptionAvailable() });
}

/** Multipart form: `audio` (the recording), optional `durationMs`, `questionId`, `silences`. */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseCrossOrigin(request);
    const who = { identityId: readIdentity(request), address: clientAddress(request) };
    await enforceRateLimit("transcribe", who);
    requireContentType(request, "multipart/form-data", "audio");
    // Read (at most the limit) before parsing: the form parser itself has no limit.
    const bytes = await readBody(request, BODY_LIMITS.audio, "audio");

    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": request.headers.get("content-type")! } }).formData();
    } catch {
      throw new RehearseError("bad_request:audio", "Send the recording as multipart/form-data with an `audio` file.", "audio");
    }
    const audio = form.get("audio");
    if (!(audio instanceof Blob)) throw new RehearseError("bad_request:audio", "The `audio` file is missing.", "audio");

    const fields = transcribeFieldsSchema.safeParse({
      durationMs: form.get("durationMs") ?? undefined,
      questionId: form.get("questionId") ?? undefined,
      silences: form.get("silences") ?? undefined,
    });
    if (!fields.success) {
      const issue = fields.error.issues[0];
      throw new RehearseError("bad_request:audio", issue?.message ?? "Invalid form fields.", issue?.path.join("."));
    }

    const upload = { bytes: new Uint8Array(await audio.arrayBuffer()), type: audio.type, ...fields.data };
    const result = await runChargedTo(who, () => transcribeAnswer(upload));
    return Response.json(result);
  } catch (error) {
    return errorResponse(error);
  }
}

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
