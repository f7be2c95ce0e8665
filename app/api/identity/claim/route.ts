import { errorResponse } from "@/lib/errors";
import { identityCookie, readIdentity } from "@/lib/identity";
import { clientAddress } from "@/lib/limits/client-address";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { claimCarryLink } from "@/lib/progress/carry-link";
import { BODY_LIMITS, parseJsonBody, refuseCrossOrigin } from "../../_lib/request";
import { claimLinkSchema } from "./schema";
import { otherMethods } from "../../_lib/methods";

export const runtime = "nodejs";

/**
 * POST /api/identity/claim { token } — uses up a one-time link and makes this browser the link's
 * identity (its cookie is replaced). 410 `gone:link` when the link was already used or has expired.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    // No other site may switch a visitor's identity.
    refuseCrossOrigin(request);
    // Counted with link creation: guessing tokens from one address runs into the same limit.
    await enforceRateLimit("links", { identityId: readIdentity(request), address: clientAddress(request) });
    const { token } = await parseJsonBody(request, claimLinkSchema, "link", BODY_LIMITS.small);
    const identityId = await claimCarryLink(token, new Date());
    return Response.json({ claimed: true }, { headers: { "set-cookie": identityCookie(identityId, request), "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
