import { randomUUID } from "node:crypto";
import type { UIMessageStreamWriter } from "ai";
import type { RehearseDataParts, RehearseMessage } from "./protocol";
import { publicPart } from "./public-messages";

/**
 * Where the interviewer's parts go: the live UI message stream, or a message collected for storage
 * (when a session is resumed outside a chat request). Data parts with the same id replace each other.
 */
export interface Emitter {
  text(text: string): void;
  data<K extends keyof RehearseDataParts>(kind: K, id: string, data: RehearseDataParts[K]): void;
}

export function streamEmitter(writer: UIMessageStreamWriter<RehearseMessage>): Emitter {
  return {
    text(text) {
      if (!text) return;
      const id = randomUUID();
      writer.write({ type: "text-start", id });
      writer.write({ type: "text-delta", id, delta: text });
      writer.write({ type: "text-end", id });
    },
    data(kind, id, data) {
      writer.write(publicPart({ type: `data-${kind}`, id, data }) as Parameters<typeof writer.write>[0]);
    },
  };
}

/** Collects parts into one assistant message, as a client reading the stream would see it. */
export function collectingEmitter(): Emitter & { message(id: string): RehearseMessage; isEmpty(): boolean } {
  const parts: RehearseMessage["parts"] = [];
  return {
    text(text) {
      if (text) parts.push({ type: "text", text, state: "done" });
    },
    data(kind, id, data) {
      const part = { type: `data-${kind}`, id, data } as RehearseMessage["parts"][number];
      const at = parts.findIndex((p) => p.type === part.type && "id" in p && p.id === id);
      if (at >= 0) parts[at] = part;
      else parts.push(part);
    },
    message(id) {
      return { id, role: "assistant", parts: [...parts], metadata: { createdAt: new Date().toISOString() } };
    },
    isEmpty() {
      return parts.length === 0;
    },
  };
}
