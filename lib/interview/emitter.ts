import { randomUUID } from "node:crypto";
import type { UIMessageStreamWriter } from "ai";
import type { RehearseDataParts, RehearseMessage } from "./protocol";
import { publicPart } from "./public-messages";

/**
 * The interviewer's reply as parts: the same parts are streamed (streamEmitter) and stored as one
 * assistant message (Reply), so a reload, or a re-sent message, shows exactly what was streamed.
 */

export type ReplyPart = RehearseMessage["parts"][number];

export function textPart(text: string): ReplyPart {
  return { type: "text", text, state: "done" };
}

export function dataPart<K extends keyof RehearseDataParts>(kind: K, id: string, data: RehearseDataParts[K]): ReplyPart {
  return { type: `data-${kind}`, id, data } as ReplyPart;
}

/** Where parts go as they are ready: the live UI message stream, or nowhere (a session resumed on load). */
export interface Emitter {
  send(part: ReplyPart): void;
}

export const silentEmitter: Emitter = { send: () => undefined };

export function streamEmitter(writer: UIMessageStreamWriter<RehearseMessage>): Emitter {
  return {
    send(part) {
      if (part.type === "text") {
        if (!part.text) return;
        const id = randomUUID();
        writer.write({ type: "text-start", id });
        writer.write({ type: "text-delta", id, delta: part.text });
        writer.write({ type: "text-end", id });
        return;
      }
      if (part.type.startsWith("data-")) writer.write(publicPart(part) as Parameters<typeof writer.write>[0]);
    },
  };
}

/** Collects parts into one assistant message, as a client reading the stream would see it: data parts with the same id replace each other. */
export class Reply {
  readonly parts: ReplyPart[] = [];

  add(part: ReplyPart): void {
    if (part.type === "text" && !part.text) return;
    const id = "id" in part ? part.id : undefined;
    const at = id === undefined ? -1 : this.parts.findIndex((p) => p.type === part.type && "id" in p && p.id === id);
    if (at >= 0) this.parts[at] = part;
    else this.parts.push(part);
  }

  message(id: string): RehearseMessage {
    return { id, role: "assistant", parts: [...this.parts], metadata: { createdAt: new Date().toISOString() } };
  }
}
