import { z } from "zod";
import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { rehydrateSession } from "@/lib/interview/rehydrate";
import { clientAddress } from "@/lib/limits/client-address";
import { runChargedTo } from "@/lib/limits/llm-budget";
import { otherMethods } from "../../_lib/methods";

export const runtime = "nodejs";

/**
 * The session and its conversation, for the UI after a reload. Resuming also finishes what a
 * crash left undone (an answer stored but never graded is graded now).
 * Another browser's session is a 404, exactly like a missing one.
 */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await context.params;
    const identityId = readIdentity(request);
    if (!identityId || !z.uuid().safeParse(id).success) throw new RehearseError("not_found:session");
    // Resuming may grade a stored answer: with the LLM, that call counts against the identity's budget.
    const who = { identityId, address: clientAddress(request) };
    return Response.json(await runChargedTo(who, () => rehydrateSession(id, identityId)));
  } catch (error) {
    return errorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
