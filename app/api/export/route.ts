import { listSessionRecords } from "@/lib/progress/stored-records";
import { errorResponse, RehearseError } from "@/lib/errors";
import { readIdentity } from "@/lib/identity";
import { progressNow } from "@/lib/progress/clock";
import { buildJsonExport, buildMarkdownReport } from "@/lib/progress/reports";
import { scheduleFromAttempts } from "@/lib/progress/scheduling";
import { exportQuerySchema } from "./schema";
import { otherMethods } from "../_lib/methods";

/** GET /api/export?format=md|json&sessionId= — the caller's report as a download. */
export async function GET(request: Request): Promise<Response> {
  try {
    const query = exportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) {
      const issue = query.error.issues[0];
      throw new RehearseError("bad_request:api", issue?.message ?? "Bad export request.", issue?.path.join("."));
    }
    const { format, sessionId } = query.data;
    const identityId = readIdentity(request);
    const sessions = identityId ? await listSessionRecords(identityId, sessionId) : [];
    // Another identity's session looks exactly like a missing one.
    if (sessionId && sessions.length === 0) throw new RehearseError("not_found:session");

    const now = progressNow();
    const stamp = now.toISOString().slice(0, 10);
    const name = sessionId ? `rehearse-session-${sessionId.slice(0, 8)}-${stamp}` : `rehearse-report-${stamp}`;
    if (format === "json") {
      const states = sessionId ? [] : [...scheduleFromAttempts(sessions.flatMap((s) => s.answers)).values()];
      return new Response(JSON.stringify(buildJsonExport(sessions, states, now), null, 2), {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-disposition": `attachment; filename="${name}.json"`,
          "cache-control": "no-store",
        },
      });
    }
    return new Response(buildMarkdownReport(sessions, now), {
      headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${name}.md"`, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
