import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { progressNow } from "@/lib/progress/clock";
import { progressOverview } from "@/lib/progress/overview";
import { progressQuerySchema } from "./schema";
import { otherMethods } from "../_lib/methods";

/** GET /api/progress?track= — the caller's history, score series, missed key points, due reviews and streak. */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = progressQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new RehearseError("bad_request:api", "track must be django, flask or fastapi.", "track");
    // No cookie means no history: nothing is created just by looking.
    return Response.json(await progressOverview(readIdentity(request), progressNow(), query.data.track));
  } catch (error) {
    return errorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
