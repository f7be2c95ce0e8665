"use client";

import { StartSessionButton } from "@/app/_components/start-session-button";
import type { Track } from "@/lib/bank/schema";

/** Starts a review session: the server plans it from the key points due now (of this track, when filtered). */
export function ReviewNowButton({ track }: { track?: Track }) {
  return (
    <StartSessionButton input={{ review: true, ...(track ? { track } : {}) }} label="Review now" failure="Could not start the review. Please try again." />
  );
}
