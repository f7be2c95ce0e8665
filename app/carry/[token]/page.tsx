import type { Metadata } from "next";
import Link from "next/link";
import { card, focusRing, mutedText } from "@/app/_components/styles";
import { countIdentityRows } from "@/lib/db/progress-queries";
import { carryLinkIdentity, LINK_GONE_MESSAGE } from "@/lib/progress/carry-link";
import { identityFromCookies } from "@/lib/progress/identity-cookie";
import { ClaimLinkButton } from "./_components/claim-link-button";

// The token is in the URL: keep it out of Referer headers and search indexes.
export const metadata: Metadata = { title: "Continue on this device — Rehearse", referrer: "no-referrer", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

/**
 * Opening a one-time link only shows what it will do; the candidate confirms, which claims it. A link
 * preview (chat apps fetch links they see) therefore cannot use it up.
 */
export default async function CarryPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const now = new Date();
  const [carried, current] = await Promise.all([carryLinkIdentity(token, now), identityFromCookies()]);

  if (!carried) {
    return (
      <main id="main" className="mx-auto max-w-xl space-y-4 px-4 py-8">
        <h1 className="text-3xl font-semibold tracking-tight">Link not usable</h1>
        <p className={card} data-testid="carry-gone" role="alert">
          {LINK_GONE_MESSAGE}
        </p>
        <p className={`text-sm ${mutedText}`}>
          Links work once and for 15 minutes.{" "}
          <Link href="/" className={`underline ${focusRing}`}>
            Go to Rehearse
          </Link>
          .
        </p>
      </main>
    );
  }

  const ownSessions = current && current !== carried ? (await countIdentityRows(current)).sessions : 0;
  return (
    <main id="main" className="mx-auto max-w-xl space-y-4 px-4 py-8">
      <h1 className="text-3xl font-semibold tracking-tight">Continue on this device</h1>
      <div className={`${card} space-y-3 text-sm`}>
        <p>This link carries your Rehearse history (sessions, answers, due reviews) from your other device to this browser.</p>
        {current === carried ? (
          <p data-testid="carry-same">This browser already uses that history.</p>
        ) : ownSessions > 0 ? (
          <p data-testid="carry-replaces" className="text-amber-800 dark:text-amber-300">
            This browser has {ownSessions} session{ownSessions === 1 ? "" : "s"} of its own. After you continue it shows the other device&apos;s history
            instead; its own sessions stay stored but are no longer shown here.
          </p>
        ) : null}
        <ClaimLinkButton token={token} />
      </div>
    </main>
  );
}
