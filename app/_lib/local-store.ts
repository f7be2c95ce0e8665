/**
 * The unsent draft of each session, kept in the browser so a reload or a failed send loses nothing.
 * Storage can be unavailable (private mode, quota): every call tolerates that.
 */
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
