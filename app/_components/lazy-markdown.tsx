"use client";

import dynamic from "next/dynamic";
import { memo } from "react";

/**
 * Markdown for the interview screen, whose bundle (react-markdown, GFM) is fetched only when a
 * piece of markdown is first shown, not with the page: the screen must be ready to take an answer
 * before any of that arrives. The server renders it in full either way, so only markdown that
 * appears after load (feedback, an opened reference) waits for the chunk, once. highlight.js (the
 * larger part) comes only with markdown holding a fenced code block that names its language: the
 * only code it highlights (`detect: false`), so a question in prose never loads it.
 */
const Plain = dynamic(() => import("./markdown-body").then((m) => m.MarkdownBody), { loading: () => null });
const Highlighted = dynamic(() => import("./markdown").then((m) => m.Markdown), { loading: () => null });

/** A fence (``` or ~~~, up to three spaces in) followed by a language name. */
const FENCE_WITH_LANGUAGE = /^ {0,3}(`{3,}|~{3,})[ \t]*[^\s`~]/m;

/** Memoised: the same text is not parsed again each time the card around it renders. */
export const Markdown = memo(function Markdown({ children, className }: { children: string; className?: string }) {
  const Body = FENCE_WITH_LANGUAGE.test(children) ? Highlighted : Plain;
  return <Body className={className}>{children}</Body>;
});
