"use client";

import { useChat } from "@ai-sdk/react";
import { DefaultChatTransport } from "ai";
import Link from "next/link";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { dataPartSchemas, type Intent, type RehearseMessage } from "@/lib/interview/protocol";
import { chatErrorMessage } from "@/app/_lib/api-error";
import { currentQuestion, lastUserMessage, pendingKind, sessionSummary } from "@/app/_lib/conversation";
import { loadDraft, saveDraft } from "@/app/_lib/local-store";
import type { SessionView } from "@/app/_lib/sessions-client";
import { focusRing, primaryButton } from "../styles";
import { AnswerComposer } from "./answer-composer";
import { AnswerTimer } from "./answer-timer";
import { Conversation } from "./conversation";
import type { MessageIntent } from "./intent-toggle";
import { PendingReply } from "./pending-reply";
import { type ControlIntent, SessionControls } from "./session-controls";
import type { VoiceMeta } from "@/lib/voice/delivery-schema";
import { useAutoReadQuestion } from "../voice/read-aloud";
import { VoiceAnswer } from "../voice/voice-answer";

const CONTROL_TEXT: Record<ControlIntent, string> = {
  skip: "Skip this question.",
  "dont-know": "I don't know.",
  next: "Next question, please.",
  end: "Let's end the session.",
};

/** True once the reply shows something of its own (not just the stream's bookkeeping parts). */
function hasVisibleContent(message: RehearseMessage): boolean {
  return message.parts.some((p) => (p.type === "text" && p.text.trim() !== "") || (p.type.startsWith("data-") && p.type !== "data-status"));
}

export function InterviewChat({ session, initialMessages }: { session: SessionView; initialMessages: RehearseMessage[] }) {
  const [draft, setDraft] = useState(() => loadDraft(session.id));
  const [intent, setIntent] = useState<MessageIntent>("answer");
  const [sendError, setSendError] = useState<string | null>(null);
  // The spoken answer's original transcript and delivery, sent with the (edited) answer text.
  const [voice, setVoice] = useState<VoiceMeta | null>(null);
  // The text in flight, put back in the box if the server refuses it.
  const inFlight = useRef<{ text: string; intent: Intent } | null>(null);
  const latest = useRef<RehearseMessage[]>(initialMessages);

  const transport = useMemo(
    () =>
      new DefaultChatTransport<RehearseMessage>({
        api: "/api/chat",
        // The server keeps the history: send only the newest message.
        prepareSendMessagesRequest: ({ messages }) => ({ body: { sessionId: session.id, message: messages.at(-1) } }),
      }),
    [session.id],
  );

  const { messages, sendMessage, status, setMessages, clearError } = useChat<RehearseMessage>({
    id: session.id,
    messages: initialMessages,
    transport,
    // Each streamed data part is checked against the protocol's schema before it is shown.
    dataPartSchemas,
    onError: (error) => {
      setSendError(chatErrorMessage(error));
      const failed = inFlight.current;
      inFlight.current = null;
      // A refused request (4xx/5xx before any reply) stored nothing: drop the optimistic message
      // and give the text back. An error mid-reply comes after the server saved the answer.
      if (latest.current.at(-1)?.role !== "user") return;
      setMessages((current) => current.slice(0, -1));
      if (failed && (failed.intent === "answer" || failed.intent === "ask")) {
        setDraft(failed.text);
        saveDraft(session.id, failed.text);
        setIntent(failed.intent);
      }
    },
    onFinish: () => {
      inFlight.current = null;
    },
  });

  latest.current = messages;
  const busy = status === "submitted" || status === "streaming";
  const summary = sessionSummary(messages);
  const question = currentQuestion(messages);
  useAutoReadQuestion(question?.text, question?.turnId);
  const lastMessage = messages.at(-1);
  const waiting = busy && (lastMessage?.role === "user" || (lastMessage !== undefined && !hasVisibleContent(lastMessage)));
  const waitingFor = session.mode === "mock" ? "thinking" : pendingKind(lastUserMessage(messages)?.metadata?.intent);

  function send(text: string, messageIntent: Intent, confirmed = false) {
    if (busy) return;
    setSendError(null);
    clearError();
    inFlight.current = { text, intent: messageIntent };
    if (messageIntent === "answer" || messageIntent === "ask") {
      setDraft("");
      saveDraft(session.id, "");
    }
    const spoken = messageIntent === "answer" && voice ? { voice } : {};
    if (messageIntent === "answer") setVoice(null);
    void sendMessage({ text, metadata: { intent: messageIntent, ...spoken, ...(confirmed ? { confirmed } : {}) } });
  }

  // The conversation gets one callback for the whole session, calling the newest `send`, so that
  // its memoised messages are not rendered again on every keystroke in the answer box.
  const latestSend = useRef(send);
  useLayoutEffect(() => {
    latestSend.current = send;
  });
  const treatAsAnswer = useCallback((text: string) => latestSend.current(text, "answer", true), []);

  function updateDraft(text: string) {
    setDraft(text);
    saveDraft(session.id, text);
  }

  // Bring each new message into view from its top as it starts, so a long feedback card is read
  // from the beginning; later growth of the same message does not scroll.
  const listRef = useRef<HTMLOListElement>(null);
  const count = messages.length;
  useEffect(() => {
    // In the next frame, not here: after a send this runs before the request is made, and
    // scrolling now would make the browser lay the page out first. The frame shows it scrolled.
    const frame = requestAnimationFrame(() => {
      const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      // The conversation has one item per message: item count - 1 is the newest.
      listRef.current?.children.item(count - 1)?.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "start" });
    });
    return () => cancelAnimationFrame(frame);
  }, [count]);

  return (
    <div className="space-y-6">
      <Conversation listRef={listRef} messages={messages} onTreatAsAnswer={treatAsAnswer} />
      {waiting && <PendingReply kind={waitingFor} />}

      {summary ? (
        <div className="flex flex-wrap gap-3">
          <Link href="/" className={primaryButton}>
            Start another session
          </Link>
          <Link href="/questions" className={`self-center text-sm underline ${focusRing}`}>
            Browse the questions
          </Link>
        </div>
      ) : (
        <section aria-label="Your turn" className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          {sendError && (
            <p
              role="alert"
              data-testid="error-alert"
              className="rounded-lg border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200"
            >
              {sendError}
            </p>
          )}
          {session.mode === "mock" && session.timeLimitSec && question && !busy && (
            <p className="text-sm">
              Time left: <AnswerTimer key={question.turnId} seconds={session.timeLimitSec} />
            </p>
          )}
          <VoiceAnswer
            key={question?.turnId}
            questionId={question?.questionId}
            disabled={busy}
            timeLimitSec={session.mode === "mock" ? session.timeLimitSec : null}
            onTranscript={(text, meta) => {
              updateDraft(draft.trim() ? `${draft.trim()} ${text}` : text);
              setVoice(meta);
            }}
          />
          <AnswerComposer value={draft} onChange={updateDraft} intent={intent} onIntentChange={setIntent} onSend={() => send(draft, intent)} busy={busy} />
          <SessionControls busy={busy} onControl={(control) => send(CONTROL_TEXT[control], control)} />
        </section>
      )}
    </div>
  );
}
