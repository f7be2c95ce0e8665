"use client";

import dynamic from "next/dynamic";
import { memo, useDeferredValue, useSyncExternalStore } from "react";

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

const noSubscription = () => () => {};

/**
 * Memoised: the same text is not parsed again each time the card around it renders.
 *
 * `deferred`: markdown that arrives with a reply (not rendered on the server or hydrated) is parsed
 * in a background render just after the rest of its card is shown. A long improved answer took most
 * of the time between a graded reply arriving and its score showing.
 */
export const Markdown = memo(function Markdown({ children, className, deferred = false }: { children: string; className?: string; deferred?: boolean }) {
  // False on the server and while hydrating, true for what mounts later on the client.
  const mountedLater = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const text = useDeferredValue(children, deferred && mountedLater ? "" : children);
  const Body = FENCE_WITH_LANGUAGE.test(text) ? Highlighted : Plain;
  return <Body className={className}>{text}</Body>;
});
