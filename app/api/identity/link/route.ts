import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { clientAddress } from "@/lib/limits/client-address";
import { enforceRateLimit } from "@/lib/limits/rate-limit";
import { createCarryLink } from "@/lib/progress/carry-link";
import { refuseCrossOrigin } from "../../_lib/request";
import { otherMethods } from "../../_lib/methods";

export const runtime = "nodejs";

/**
 * POST /api/identity/link — a one-time link that carries this browser's identity to another one:
 * 201 { url: "/carry/<token>", expiresAt }. The link works once, for 15 minutes.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    refuseCrossOrigin(request);
    const identityId = readIdentity(request);
    await enforceRateLimit("links", { identityId, address: clientAddress(request) });
    if (!identityId) throw new RehearseError("conflict:link", "This browser has no Rehearse history yet, so there is nothing to carry.");
    const link = await createCarryLink(identityId, new Date());
    return Response.json({ url: link.url, expiresAt: link.expiresAt.toISOString() }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
