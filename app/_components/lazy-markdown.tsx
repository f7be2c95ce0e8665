"use client";

import dynamic from "next/dynamic";

/**
 * Markdown for the interview screen, whose bundle (react-markdown, GFM, highlight.js) is fetched
 * only when a piece of markdown is first shown, not with the page: the screen must be ready to take
 * an answer before any of that arrives. The server renders it in full either way, so only markdown
 * that appears after load (feedback, an opened reference) waits for the chunk, once.
 */
export const Markdown = dynamic(() => import("./markdown").then((m) => m.Markdown), {
  loading: () => null,
});
