import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST as claimRoute } from "@/app/api/identity/claim/route";
import { POST as linkRoute } from "@/app/api/identity/link/route";
import { GET as progressRoute } from "@/app/api/progress/route";
import { getBank } from "@/lib/bank/load";
import { listIdentityLinkRowsForTests } from "@/lib/db/identity-link-queries";
import { deleteIdentityData } from "@/lib/db/progress-queries";
import { verifyIdentity } from "@/lib/identity";
import { CARRY_LINK_TTL_MS, carryLinkIdentity, claimCarryLink, createCarryLink } from "@/lib/progress/carry-link";
import { identityCookie, useTestDatabase } from "../support/database";
import { seedSession } from "../support/progress-seed";

/** Carrying the anonymous identity to another browser with a one-time link, on PGlite. */

const flask = getBank().find((q) => q.track === "flask")!;

function post(url: string, cookie: string | null, body?: unknown, contentType = "application/json"): Request {
  const headers = new Headers();
  if (cookie) headers.set("cookie", cookie);
  if (body !== undefined) headers.set("content-type", contentType);
  return new Request(`http://localhost${url}`, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** The identity a Set-Cookie header makes the browser, verified like any request's cookie. */
function identitySetBy(response: Response): string | null {
  const value = /rehearse_identity=([^;]+)/.exec(response.headers.get("set-cookie") ?? "")?.[1];
  return value ? verifyIdentity(decodeURIComponent(value)) : null;
}

const tokenOf = (url: string) => url.split("/").at(-1)!;

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe("one-time identity links", () => {
  useTestDatabase("pglite");

  it("carries the identity to another browser once: the claimer sees the same history, a second claim is 410", async () => {
    const alice = randomUUID();
    await seedSession(alice, "flask", [{ questionId: flask.id, answer: "alice's own words", score: 4, verdicts: ["missed"], answeredAt: new Date() }]);

    const created = await linkRoute(post("/api/identity/link", identityCookie(alice)));
    expect(created.status).toBe(201);
    const { url, expiresAt } = (await created.json()) as { url: string; expiresAt: string };
    expect(url).toMatch(/^\/carry\/[A-Za-z0-9_-]{43}$/);
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);

    // Another browser, with an identity of its own, claims the link and becomes alice.
    const other = identityCookie(randomUUID());
    const claimed = await claimRoute(post("/api/identity/claim", other, { token: tokenOf(url) }));
    expect(claimed.status).toBe(200);
    const carried = identitySetBy(claimed);
    expect(carried).toBe(alice);
    expect(claimed.headers.get("set-cookie")).toMatch(/HttpOnly/);
    const progress = await (await progressRoute(new Request("http://localhost/api/progress", { headers: { cookie: identityCookie(carried!) } }))).json();
    expect(JSON.stringify(progress.history)).toContain("alice's own words");

    const again = await claimRoute(post("/api/identity/claim", identityCookie(randomUUID()), { token: tokenOf(url) }));
    expect(again.status).toBe(410);
    expect(await errorOf(again)).toMatchObject({ code: "gone:link", message: expect.stringMatching(/already used or has expired/) });
    expect(again.headers.get("set-cookie")).toBeNull();
  });

  it("expires 15 minutes after it was made", async () => {
    const identity = randomUUID();
    const t0 = new Date("2026-05-01T12:00:00.000Z");
    const justBefore = new Date(t0.getTime() + CARRY_LINK_TTL_MS - 1);
    const atExpiry = new Date(t0.getTime() + CARRY_LINK_TTL_MS);

    const link = await createCarryLink(identity, t0);
    expect(link.expiresAt).toEqual(atExpiry);
    await expect(claimCarryLink(tokenOf(link.url), atExpiry)).rejects.toMatchObject({ code: "gone:link", status: 410 });

    const fresh = await createCarryLink(identity, t0);
    expect(await carryLinkIdentity(tokenOf(fresh.url), justBefore)).toBe(identity);
    expect(await claimCarryLink(tokenOf(fresh.url), justBefore)).toBe(identity);
  });

  it("stores only a hash of the token, and a new link retires the previous one", async () => {
    const identity = randomUUID();
    const first = await createCarryLink(identity, new Date());
    const second = await createCarryLink(identity, new Date());
    const rows = await listIdentityLinkRowsForTests(identity);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(tokenOf(second.url));
    expect(stored).not.toContain(tokenOf(first.url));
    await expect(claimCarryLink(tokenOf(first.url), new Date())).rejects.toMatchObject({ code: "gone:link" });
    expect(await claimCarryLink(tokenOf(second.url), new Date())).toBe(identity);
  });

  it("gives each claimer only the identity the link was made for", async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const aliceLink = await createCarryLink(alice, new Date());
    const bobLink = await createCarryLink(bob, new Date());
    // Bob's browser claiming alice's link becomes alice; a made-up token carries no one.
    const claimed = await claimRoute(post("/api/identity/claim", identityCookie(bob), { token: tokenOf(aliceLink.url) }));
    expect(identitySetBy(claimed)).toBe(alice);
    expect(await claimCarryLink(tokenOf(bobLink.url), new Date())).toBe(bob);
    const forged = await claimRoute(post("/api/identity/claim", null, { token: "A".repeat(43) }));
    expect(forged.status).toBe(410);
  });

  it("dies with the identity's data", async () => {
    const identity = randomUUID();
    const link = await createCarryLink(identity, new Date());
    await deleteIdentityData(identity);
    await expect(claimCarryLink(tokenOf(link.url), new Date())).rejects.toMatchObject({ code: "gone:link" });
  });

  it("refuses a browser with no history to carry, and a claim that is not JSON", async () => {
    const none = await linkRoute(post("/api/identity/link", null));
    expect(none.status).toBe(409);
    expect((await errorOf(none)).code).toBe("conflict:link");

    const link = await createCarryLink(randomUUID(), new Date());
    const form = await claimRoute(post("/api/identity/claim", null, { token: tokenOf(link.url) }, "text/plain"));
    expect(form.status).toBe(415);
    // The refused request did not use the link up.
    expect(await carryLinkIdentity(tokenOf(link.url), new Date())).not.toBeNull();
  });
});
