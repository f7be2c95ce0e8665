import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { getDb } from "./client";
import { identities, identityLinks } from "./schema";

/** Storage of one-time identity links. Tokens never reach this module: only their hashes. */

/**
 * Stores a new link for the identity. Its earlier links stop working (one live link per identity),
 * and links that expired anywhere are cleared, so the table never grows past the live ones.
 */
export async function saveIdentityLink(args: { tokenHash: string; identityId: string; expiresAt: Date; now: Date }): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.insert(identities).values({ id: args.identityId }).onConflictDoNothing();
    await tx.delete(identityLinks).where(or(eq(identityLinks.identityId, args.identityId), lt(identityLinks.expiresAt, args.now)));
    await tx.insert(identityLinks).values({ tokenHash: args.tokenHash, identityId: args.identityId, expiresAt: args.expiresAt });
  });
}

const usableAt = (tokenHash: string, now: Date) => and(eq(identityLinks.tokenHash, tokenHash), isNull(identityLinks.usedAt), gt(identityLinks.expiresAt, now));

/**
 * Marks the link used and returns its identity, in one guarded update: of two claims racing for the
 * same link, exactly one gets the identity. Null when the link is unknown, used or expired.
 */
export async function consumeIdentityLink(tokenHash: string, now: Date): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.update(identityLinks).set({ usedAt: now }).where(usableAt(tokenHash, now)).returning({ identityId: identityLinks.identityId });
  return row?.identityId ?? null;
}

/** The identity a link would carry, without using it up; null when it cannot be used. */
export async function peekIdentityLink(tokenHash: string, now: Date): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ identityId: identityLinks.identityId }).from(identityLinks).where(usableAt(tokenHash, now)).limit(1);
  return row?.identityId ?? null;
}

/** Tests: every stored link row, to show tokens are not kept in plain text. */
export async function listIdentityLinkRowsForTests(identityId: string) {
  const db = await getDb();
  return db.select().from(identityLinks).where(eq(identityLinks.identityId, identityId));
}
