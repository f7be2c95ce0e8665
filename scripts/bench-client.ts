import http from "node:http";

/**
 * What the benchmarks do over HTTP as a candidate would: start a practice session on every track,
 * send answers. Over node:http with one keep-alive agent rather than fetch: with fetch (undici),
 * bursts of 50 session starts reached the server's handler up to 2–3 s after the client sent them,
 * while the same server took ~130 ms to answer each and kept serving the other candidates' answers
 * meanwhile (both sides' clocks logged, 2026-12-07); with this client the same bursts arrive at once
 * (slowest session start 186–249 ms on a warm server). The delay was the load generator's, so it no
 * longer counts against the server.
 */

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface BenchResponse {
  status: number;
  ok: boolean;
  headers: http.IncomingHttpHeaders;
  /** The body as it arrives (for timing streamed parts); read it or text(), not both. */
  body: AsyncIterable<Buffer>;
  text(): Promise<string>;
}

/** A GET on the same agent as the answers: what a round trip costs this client. */
export function get(url: string, path: string): Promise<BenchResponse> {
  return send(url, path, "GET", null);
}

function post(url: string, path: string, body: unknown, cookie?: string): Promise<BenchResponse> {
  return send(url, path, "POST", JSON.stringify(body), cookie);
}

/**
 * A kept-alive socket the server closed while it sat idle (its keep-alive timeout is 5 s; the load
 * bench idles longer between runs) fails the next request sent on it with ECONNRESET before the
 * server has seen it ("read ECONNRESET" ended one of 2026-12-07's load benches). As Node's
 * documentation advises, such a request is sent once more on a fresh socket.
 */
async function send(url: string, path: string, method: string, data: string | null, cookie?: string): Promise<BenchResponse> {
  try {
    return await sendOnce(url, path, method, data, cookie);
  } catch (error) {
    if (!(error instanceof StaleSocketError)) throw error;
    return sendOnce(url, path, method, data, cookie);
  }
}

class StaleSocketError extends Error {}

function sendOnce(url: string, path: string, method: string, data: string | null, cookie?: string): Promise<BenchResponse> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      {
        method,
        agent,
        headers: {
          ...(data === null ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(data) }),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        resolve({
          status,
          ok: status >= 200 && status < 300,
          headers: response.headers,
          body: response,
          text: async () => {
            let text = "";
            response.setEncoding("utf8");
            for await (const chunk of response) text += chunk;
            return text;
          },
        });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      reject(request.reusedSocket && error.code === "ECONNRESET" ? new StaleSocketError(error.message) : error),
    );
    request.end(data ?? undefined);
  });
}

export async function newSession(url: string): Promise<{ id: string; cookie: string }> {
  const response = await post(url, "/api/sessions", { track: "all", mode: "practice" });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${text}`);
  const cookie = response.headers["set-cookie"]?.[0]?.split(";")[0];
  if (!cookie) throw new Error("POST /api/sessions set no identity cookie");
  const { session } = JSON.parse(text) as { session: { id: string } };
  return { id: session.id, cookie };
}

/** Sends one typed answer to the session's open question, as the interview page does; the caller reads the stream. */
export function sendAnswer(url: string, session: { id: string; cookie: string }, messageId: string, text: string): Promise<BenchResponse> {
  return post(
    url,
    "/api/chat",
    {
      sessionId: session.id,
      message: { id: messageId, role: "user", parts: [{ type: "text", text }], metadata: { intent: "answer", confirmed: true } },
    },
    session.cookie,
  );
}
