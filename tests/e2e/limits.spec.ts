import net from "node:net";
import { expect, test } from "@playwright/test";
import { CLIENT_ADDRESS_HEADER } from "@/lib/limits/address-header";
import { E2E_LINK_LIMIT } from "../../playwright.config";

/**
 * Against the production server (scripts/serve.ts): the client address is the socket's, whatever
 * the client claims, and slow clients are cut. The offline server runs with a device-link limit of
 * E2E_LINK_LIMIT per address and short timeouts (playwright.config.ts).
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("over the per-address limit: 429 with Retry-After in the error shape, whatever address the client claims, and allowed again after the window", async ({
  request,
}) => {
  expect((await request.post("/api/sessions", { data: { track: "flask", mode: "practice" } })).status()).toBe(201);
  const windowMs = E2E_LINK_LIMIT.windowSec * 1000;
  // Start early in a window (they are fixed), so every request below falls in the same one.
  const left = windowMs - (Date.now() % windowMs);
  if (left < windowMs / 2) await sleep(left + 50);

  const link = (i: number) =>
    request.post("/api/identity/link", { headers: { [CLIENT_ADDRESS_HEADER]: `203.0.113.${i}`, "x-forwarded-for": `198.51.100.${i}` } });
  for (let i = 0; i < E2E_LINK_LIMIT.perAddress; i++) expect((await link(i)).status()).toBe(201);
  const refused = await link(99);
  expect(refused.status()).toBe(429);
  const retryAfter = Number(refused.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(E2E_LINK_LIMIT.windowSec);
  const body = (await refused.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("rate_limited:link");
  expect(body.error.message).toMatch(/from your network address/);

  await sleep(retryAfter * 1000);
  expect((await link(100)).status()).toBe(201);
});

/** Opens a raw connection, writes `text`, and resolves with what happened within `waitMs`. */
function rawRequest(baseURL: string, text: string, waitMs: number): Promise<{ closedAfterMs: number | null; statusLine: string }> {
  const url = new URL(baseURL);
  return new Promise((resolve) => {
    const started = Date.now();
    let received = "";
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(text));
    socket.on("data", (data) => (received += data.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve({ closedAfterMs: Date.now() - started, statusLine: received.split("\r\n")[0] ?? "" }));
    setTimeout(() => {
      socket.destroy();
      resolve({ closedAfterMs: null, statusLine: received.split("\r\n")[0] ?? "" });
    }, waitMs);
  });
}

test("a client that never finishes its headers, or sends less body than its Content-Length, is cut with a 408", async ({ baseURL }) => {
  const [slowHeaders, shortBody] = await Promise.all([
    rawRequest(baseURL!, "GET /api/questions HTTP/1.1\r\nHost: 127.0.0.1\r\n", 20_000),
    rawRequest(baseURL!, 'POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"sessionId":', 20_000),
  ]);
  expect(slowHeaders.closedAfterMs, "the connection was closed").not.toBeNull();
  expect(slowHeaders.statusLine).toBe("HTTP/1.1 408 Request Timeout");
  expect(shortBody.closedAfterMs, "the connection was closed").not.toBeNull();
  expect(shortBody.statusLine).toBe("HTTP/1.1 408 Request Timeout");
});
