import { createHash, randomBytes } from "node:crypto";
import { consumeIdentityLink, peekIdentityLink, saveIdentityLink } from "@/lib/db/identity-link-queries";
import { RehearseError } from "@/lib/errors";

/**
 * "Use Rehearse on another device": the anonymous identity has no account to sign in to, so it is
 * carried by a one-time link. The link holds 32 random bytes; the server keeps only their SHA-256,
 * for 15 minutes, and the first browser to claim it becomes that identity.
 */

export const CARRY_LINK_TTL_MS = 15 * 60 * 1000;

/** 32 bytes in base64url, no padding. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const LINK_GONE_MESSAGE = "This link was already used or has expired. Create a new one on your other device.";

export function hashCarryToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export interface CarryLink {
  /** Path of the page that claims the link, e.g. "/carry/<token>". */
  url: string;
  expiresAt: Date;
}

/** A new one-time link for the identity; any earlier link of the identity stops working. */
export async function createCarryLink(identityId: string, now: Date): Promise<CarryLink> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + CARRY_LINK_TTL_MS);
  await saveIdentityLink({ tokenHash: hashCarryToken(token), identityId, expiresAt, now });
  return { url: `/carry/${token}`, expiresAt };
}

/** The identity a link carries, using the link up. Unknown, used and expired links are all 410 alike. */
export async function claimCarryLink(token: string, now: Date): Promise<string> {
  const identityId = TOKEN.test(token) ? await consumeIdentityLink(hashCarryToken(token), now) : null;
  if (!identityId) throw new RehearseError("gone:link", LINK_GONE_MESSAGE);
  return identityId;
}

/** Whether a link can still be claimed, without using it (the /carry page shows this before the candidate confirms). */
export async function carryLinkIdentity(token: string, now: Date): Promise<string | null> {
  return TOKEN.test(token) ? peekIdentityLink(hashCarryToken(token), now) : null;
}
