import type { UIMessageChunk } from "ai";
import { POST as chatRoute } from "@/app/api/chat/route";
import { GET as sessionRoute } from "@/app/api/sessions/[id]/route";
import { POST as createRoute } from "@/app/api/sessions/route";
import { dataPartSchemas, type Intent, type RehearseDataParts } from "@/lib/interview/protocol";

/**
 * Drives the interview routes the way the UI does: real Request objects with the identity
 * cookie, the AI SDK UI message stream read back into chunks.
 */

/**
 * The chunks of a UI message stream response (SSE `data:` lines up to `[DONE]`). Every data part is
 * checked against its protocol schema, as the chat client does (useChat's dataPartSchemas): a part
 * the browser would refuse fails the test that streamed it.
 */
export async function readChunks(response: Response): Promise<UIMessageChunk[]> {
  const body = await response.text();
  const chunks = body
    .split("\n")
    .filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)) as UIMessageChunk);
  for (const chunk of chunks) {
    if (!chunk.type.startsWith("data-")) continue;
    const name = chunk.type.slice("data-".length);
    const schema = dataPartSchemas[name as keyof typeof dataPartSchemas];
    if (!schema) throw new Error(`the stream sent ${chunk.type}, a data part the protocol does not define`);
    const parsed = schema.safeParse((chunk as { data: unknown }).data);
    if (!parsed.success) throw new Error(`the stream's ${chunk.type} does not match its schema: ${parsed.error.message}`);
  }
  return chunks;
}

export function dataOf<K extends keyof RehearseDataParts>(chunks: UIMessageChunk[], kind: K): RehearseDataParts[K][] {
  return chunks.filter((c) => c.type === `data-${kind}`).map((c) => (c as { data: RehearseDataParts[K] }).data);
}

export function indexOfKind(chunks: UIMessageChunk[], kind: keyof RehearseDataParts, last = false): number {
  const type = `data-${kind}`;
  return last ? chunks.findLastIndex((c) => c.type === type) : chunks.findIndex((c) => c.type === type);
}

let messageCounter = 0;

/** One browser: keeps the identity cookie the server gives it. */
export class Browser {
  cookie: string | null = null;

  private request(url: string, init: RequestInit = {}): Request {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    if (init.body) headers.set("content-type", "application/json");
    return new Request(`http://localhost${url}`, { ...init, headers });
  }

  async createSession(body: unknown): Promise<Response> {
    const response = await createRoute(this.request("/api/sessions", { method: "POST", body: JSON.stringify(body) }));
    const set = response.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return response;
  }

  getSession(id: string): Promise<Response> {
    return sessionRoute(this.request(`/api/sessions/${id}`), { params: Promise.resolve({ id }) });
  }

  chatRaw(body: string): Promise<Response> {
    return chatRoute(this.request("/api/chat", { method: "POST", body }));
  }

  chat(sessionId: string, intent: Intent, text = ""): Promise<Response> {
    const message = { id: `m${++messageCounter}`, role: "user", parts: text ? [{ type: "text", text }] : [], metadata: { intent } };
    return this.chatRaw(JSON.stringify({ sessionId, message }));
  }

  /** Sends a message and reads the whole streamed reply. */
  async say(sessionId: string, intent: Intent, text = ""): Promise<UIMessageChunk[]> {
    const response = await this.chat(sessionId, intent, text);
    if (response.status !== 200) throw new Error(`chat answered ${response.status}: ${await response.text()}`);
    return readChunks(response);
  }
}
