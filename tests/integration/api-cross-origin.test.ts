import { beforeAll, describe, expect, it } from "vitest";
import { createCarryLink } from "@/lib/progress/carry-link";
import { databaseDigest, handlerOf, METHODS, ROUTE_MODULES } from "../support/api-routes";
import { identityCookie, useTestDatabase } from "../support/database";

/**
 * A page of another origin (another site, or another port of this host: same-site, so the
 * SameSite=Lax cookie is sent) cannot change anything through the API. Every route and method
 * is tried with a valid body and the victim's cookie; the database must be exactly as before.
 */

const HOST = "localhost:3000";
const victim = "3f6b1c2e-8a4d-4e5f-9b7a-1c2d3e4f5a6b";
let sessionId: string;
let linkToken: string;

const CROSS_ORIGIN: Array<{ name: string; headers: Record<string, string> }> = [
  { name: "another port, older browser (Origin only)", headers: { origin: "http://localhost:3001" } },
  { name: "another port (same-site)", headers: { "sec-fetch-site": "same-site", origin: "http://localhost:3001" } },
  { name: "another site", headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" } },
  { name: "an opaque origin (sandboxed frame)", headers: { origin: "null" } },
];

/** A body each route would accept from its own pages. */
function validBody(pattern: string): { body?: BodyInit; type?: string } {
  const json = (value: unknown) => ({ body: JSON.stringify(value), type: "application/json" });
  switch (pattern) {
    case "/api/chat":
      return json({
        sessionId,
        message: { id: "cross-1", role: "user", parts: [{ type: "text", text: "select_related joins" }], metadata: { intent: "answer" } },
      });
    case "/api/sessions":
      return json({ track: "flask", mode: "practice" });
    case "/api/identity/claim":
      return json({ token: linkToken });
    case "/api/transcribe/delivery":
      return json({ transcript: "the orm maps tables", durationMs: 3000 });
    case "/api/transcribe": {
      const form = new FormData();
      form.append("audio", new Blob([new Uint8Array(64)], { type: "audio/webm" }), "answer");
      return { body: form };
    }
    default:
      return {};
  }
}

function request(pattern: string, method: string, headers: Record<string, string>): Request {
  const { body, type } = validBody(pattern);
  const all = new Headers({ host: HOST, cookie: identityCookie(victim), ...(type ? { "content-type": type } : {}), ...headers });
  return new Request(`http://${HOST}${pattern.replace(/\[.*\]/, "x")}`, { method, headers: all, body: method === "GET" ? undefined : body });
}

const params = (pattern: string): { params: Promise<Record<string, string | string[]>> } => ({
  params: Promise.resolve<Record<string, string | string[]>>(pattern.includes("[...") ? { id: ["x"], path: ["x"] } : { id: "x" }),
});

describe("cross-origin requests", () => {
  useTestDatabase("pglite");

  beforeAll(async () => {
    // The victim has a session with an answer and an unused carry link.
    const created = await handlerOf("/api/sessions", "POST")(
      new Request(`http://${HOST}/api/sessions`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: identityCookie(victim) },
        body: JSON.stringify({ track: "django", mode: "practice" }),
      }),
      params("/api/sessions"),
    );
    sessionId = ((await created.json()) as { session: { id: string } }).session.id;
    const answered = await handlerOf("/api/chat", "POST")(
      new Request(`http://${HOST}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: identityCookie(victim), "sec-fetch-site": "same-origin" },
        body: JSON.stringify({
          sessionId,
          message: { id: "own-1", role: "user", parts: [{ type: "text", text: "The ORM maps models to tables." }], metadata: { intent: "answer" } },
        }),
      }),
      params("/api/chat"),
    );
    expect(answered.status).toBe(200);
    await answered.text();
    linkToken = (await createCarryLink(victim, new Date())).url.split("/").at(-1)!;
  });

  it("refuses every state-changing route with 403 in the error shape, and nothing changes", async () => {
    const before = await databaseDigest();
    const refused = new Set<string>();
    for (const pattern of Object.keys(ROUTE_MODULES)) {
      for (const method of METHODS.filter((m) => m !== "GET")) {
        for (const { name, headers } of CROSS_ORIGIN) {
          const response = await handlerOf(pattern, method)(request(pattern, method, headers), params(pattern));
          const label = `${method} ${pattern} from ${name}`;
          expect(response.headers.get("set-cookie"), label).toBeNull();
          if (response.status === 405) {
            // A method the route does not take at all.
            expect(response.headers.get("allow")?.split(", "), label).not.toContain(method);
            continue;
          }
          if (pattern === "/api/[...path]") {
            expect(response.status, label).toBe(404);
            continue;
          }
          expect(response.status, label).toBe(403);
          expect(await response.json(), label).toEqual({ error: { code: "forbidden:api", message: expect.any(String) } });
          refused.add(`${method} ${pattern}`);
        }
      }
    }
    expect([...refused].sort()).toEqual([
      "POST /api/chat",
      "POST /api/identity/claim",
      "POST /api/identity/delete",
      "POST /api/identity/link",
      "POST /api/sessions",
      "POST /api/transcribe",
      "POST /api/transcribe/delivery",
    ]);
    expect(await databaseDigest()).toEqual(before);
  });

  it("refuses the form another port of this host auto-submits to delete a visitor's data", async () => {
    const before = await databaseDigest();
    const form = new Request(`http://${HOST}/api/identity/delete`, {
      method: "POST",
      headers: {
        host: HOST,
        cookie: identityCookie(victim),
        "content-type": "application/x-www-form-urlencoded",
        origin: "http://localhost:8080",
        "sec-fetch-site": "same-site",
      },
      body: "confirm=1",
    });
    const response = await handlerOf("/api/identity/delete", "POST")(form, params("/api/identity/delete"));
    expect(response.status).toBe(403);
    expect(await databaseDigest()).toEqual(before);
  });

  it("lets the app's own pages, proxied hosts and non-browser clients through", async () => {
    const allowed: Array<Record<string, string>> = [
      { "sec-fetch-site": "same-origin", origin: `http://${HOST}` },
      { "sec-fetch-site": "none" },
      { origin: `http://${HOST}` },
      // Behind a TLS proxy: the public host is X-Forwarded-Host, default ports compare equal.
      { origin: "https://rehearse.example", "x-forwarded-host": "rehearse.example:443" },
      // curl, the CLI: no browser headers at all.
      {},
    ];
    for (const headers of allowed) {
      const response = await handlerOf("/api/sessions", "POST")(request("/api/sessions", "POST", headers), params("/api/sessions"));
      expect(response.status, JSON.stringify(headers)).toBe(201);
    }
    // And the same delete, sent by the app's own privacy page, does delete.
    const before = await databaseDigest();
    const own = await handlerOf("/api/identity/delete", "POST")(
      request("/api/identity/delete", "POST", { "sec-fetch-site": "same-origin", origin: `http://${HOST}` }),
      params("/api/identity/delete"),
    );
    expect(own.status).toBe(200);
    expect(((await own.json()) as { deleted: { sessions: number } }).deleted.sessions).toBeGreaterThan(0);
    expect(await databaseDigest()).not.toEqual(before);
  });
});
