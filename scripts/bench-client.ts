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
