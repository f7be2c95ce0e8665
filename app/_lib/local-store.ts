/**
 * Browser-only persistence: the ids of sessions started here (for "resume") and the unsent
 * draft of each session. Storage can be unavailable (private mode, quota): every call tolerates that.
 */
const SESSIONS_KEY = "rehearse:sessions";
const draftKey = (sessionId: string) => `rehearse:draft:${sessionId}`;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage full or disabled: the draft simply is not kept.
  }
}

export function loadDraft(sessionId: string): string {
  return read(draftKey(sessionId)) ?? "";
}

export function saveDraft(sessionId: string, text: string): void {
  write(draftKey(sessionId), text === "" ? null : text);
}

export function rememberedSessionIds(): string[] {
  try {
    const value: unknown = JSON.parse(read(SESSIONS_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** Most recent first, at most 10. */
export function rememberSession(id: string): void {
  const ids = [id, ...rememberedSessionIds().filter((s) => s !== id)].slice(0, 10);
  write(SESSIONS_KEY, JSON.stringify(ids));
}

export function forgetSession(id: string): void {
  write(SESSIONS_KEY, JSON.stringify(rememberedSessionIds().filter((s) => s !== id)));
  write(draftKey(id), null);
}
