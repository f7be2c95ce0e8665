import { deleteIdentityData } from "@/lib/db/progress-queries";
import { errorResponse } from "@/lib/errors";
import { IDENTITY_COOKIE, readIdentity } from "@/lib/identity";
import { refuseCrossOrigin } from "../../_lib/request";
import { otherMethods } from "../../_lib/methods";

/**
 * POST /api/identity/delete — removes every row of the caller's identity (sessions, answers,
 * assessments, messages) and expires the cookie, so the next visit starts as a stranger.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    // A page of another origin (even another port of this host) must not erase a visitor's data.
    refuseCrossOrigin(request);
    const identityId = readIdentity(request);
    const deleted = identityId ? await deleteIdentityData(identityId) : { sessions: 0, answers: 0 };
    const message =
      deleted.sessions === 0
        ? "There was nothing stored for this browser."
        : `Deleted ${deleted.sessions} session${deleted.sessions === 1 ? "" : "s"} and ${deleted.answers} answer${deleted.answers === 1 ? "" : "s"}. Nothing of yours is left on this server.`;
    return Response.json(
      { deleted, message },
      { headers: { "set-cookie": `${IDENTITY_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`, "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
