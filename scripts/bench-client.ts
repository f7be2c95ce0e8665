/** What the benchmarks do over HTTP as a candidate would: start a practice session on every track. */
export async function newSession(url: string): Promise<{ id: string; cookie: string }> {
  const response = await fetch(`${url}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ track: "all", mode: "practice" }),
  });
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
  const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
  const { session } = (await response.json()) as { session: { id: string } };
  return { id: session.id, cookie };
}

/** Sends one typed answer to the session's open question, as the interview page does; the caller reads the stream. */
export function sendAnswer(url: string, session: { id: string; cookie: string }, messageId: string, text: string): Promise<Response> {
  return fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie },
    body: JSON.stringify({
      sessionId: session.id,
      message: { id: messageId, role: "user", parts: [{ type: "text", text }], metadata: { intent: "answer", confirmed: true } },
    }),
  });
}
