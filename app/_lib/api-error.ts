import { z } from "zod";

/** The JSON error body every route answers with: `{ "error": { "code", "message", "field"? } }`. */
const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The human message inside an error body, or a fallback naming the status when the body is not ours. */
export function messageFromErrorBody(body: string, status?: number): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) return parsed.data.error.message;
  } catch {
    // Not JSON: a proxy or crash page. Fall through to the generic message.
  }
  return status ? `The server answered ${status}. Please try again.` : "Something went wrong. Please try again.";
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const body = await response.text();
  let code = "unknown";
  try {
    code = errorBodySchema.parse(JSON.parse(body)).error.code;
  } catch {
    // keep "unknown"
  }
  return new ApiError(messageFromErrorBody(body, response.status), response.status, code);
}

/** The message to show for an error thrown by useChat's transport (its message is the response body). */
export function chatErrorMessage(error: Error): string {
  if (error.message.startsWith("{")) return messageFromErrorBody(error.message);
  if (/fetch|network/i.test(error.message)) return "Could not reach the server. Check your connection and send again.";
  return error.message || "Something went wrong. Please try again.";
}
