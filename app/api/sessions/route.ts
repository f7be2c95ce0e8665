import { listSessionsForIdentity } from "@/lib/db/queries";
import { errorResponse } from "@/lib/errors";
import { identify, identityHeaders, readIdentity } from "@/lib/identity";
import { startSession } from "@/lib/interview/session";
import { clientAddress } from "@/lib/limits/client-address";
import { runChargedTo } from "@/lib/limits/llm-budget";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { BODY_LIMITS, parseJsonBody, refuseCrossOrigin } from "../_lib/request";
import { createSessionSchema } from "./schema";
import { otherMethods } from "../_lib/methods";

export const runtime = "nodejs";

/** Starts an interview: 201 { session, messages } with the first question. */
export async function POST(request: Request): Promise<Response> {
  // Refused before an identity is minted: another site's request does not even get a cookie.
  try {
    refuseCrossOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  const identity = identify(request);
  try {
    const who = { identityId: identity.id, address: clientAddress(request) };
    await enforceRateLimit("sessions", who);
    const input = await parseJsonBody(request, createSessionSchema, "session", BODY_LIMITS.small);
    // A review session's questions may be reworded by the LLM: those calls count against the budget.
    const created = await runChargedTo(who, () => startSession(identity.id, input));
    return Response.json(created, { status: 201, headers: identityHeaders(identity) });
  } catch (error) {
    return errorResponse(error, identityHeaders(identity));
  }
}

/** This browser's sessions, newest first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const identityId = readIdentity(request);
    const rows = identityId ? await listSessionsForIdentity(identityId) : [];
    return Response.json({
      sessions: rows.map((s) => ({
        id: s.id,
        track: s.track,
        mode: s.mode,
        status: s.state === "ended" ? "ended" : "active",
        createdAt: s.createdAt.toISOString(),
        endedAt: s.endedAt?.toISOString() ?? null,
      })),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
