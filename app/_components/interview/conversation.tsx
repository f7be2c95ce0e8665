import { memo, type Ref } from "react";
import type { RehearseDataParts, RehearseMessage } from "@/lib/interview/protocol";
import { assessmentsByTurn, messageText, questionsByTurn } from "@/app/_lib/conversation";
import { FeedbackCard } from "../feedback/feedback-card";
import { Markdown } from "../lazy-markdown";
import { CandidateMessage } from "./candidate-message";
import { DeliveryPanel } from "../voice/delivery-panel";
import { GroundedAnswer } from "./grounded-answer";
import { LiveKeyPoints } from "./live-key-points";
import { QuestionCard } from "./question-card";
import { SessionSummary } from "./session-summary";
import { StatusNote } from "./status-note";

interface ConversationProps {
  listRef?: Ref<HTMLOListElement>;
  messages: RehearseMessage[];
  /** Called with the text of a message the server took as a question, to resend it as an answer. */
  onTreatAsAnswer: (text: string) => void;
}

/**
 * The whole interview so far, message by message, each data part shown by its own component.
 * Memoised, as is each message: typing in the answer box, sending, and every streamed part of the
 * reply render only what changed (the newest message, a card that folds), not the whole
 * conversation, whose markdown and cards took longer to render than the request took to leave.
 */
export const Conversation = memo(function Conversation({ listRef, messages, onTreatAsAnswer }: ConversationProps) {
  const assessments = assessmentsByTurn(messages);
  const questions = questionsByTurn(messages);
  // Only the newest reply's feedback opens in full; earlier cards fold to their summary line.
  const newestReply = messages.findLast((m) => m.role === "assistant")?.id;

  return (
    <ol ref={listRef} className="scroll-mt-4 space-y-4 [&>li]:scroll-mt-4" aria-label="Interview conversation">
      {messages.map((message, index) => {
        if (message.role === "user") return <UserItem key={message.id} message={message} />;
        const previousUser = messages.slice(0, index).findLast((m) => m.role === "user");
        const isLatest = index === messages.length - 1;
        // What the message needs from the rest of the conversation, as lists compared by value.
        const turns = turnIds(message);
        return (
          <AssistantItem
            key={message.id}
            message={message}
            assessedTurns={turns.filter((turnId) => assessments.has(turnId))}
            followUpTurns={turns.filter((turnId) => questions.get(turnId)?.kind === "followUp")}
            collapseFeedback={message.id !== newestReply}
            treatAsAnswerText={isLatest && previousUser && hasStatus(message) ? messageText(previousUser) : undefined}
            onTreatAsAnswer={onTreatAsAnswer}
          />
        );
      })}
    </ol>
  );
});

/**
 * Only a status note offers "grade it as my answer": a reply without one is not rendered again
 * when it stops being the newest (the candidate's next message is appended after it).
 */
const hasStatus = (message: RehearseMessage) => message.parts.some((p) => p.type === "data-status");

/** The turns a reply's key points and feedback belong to, once each. */
function turnIds(message: RehearseMessage): string[] {
  const ids = new Set<string>();
  for (const part of message.parts) if (part.type === "data-keyPoint" || part.type === "data-assessment") ids.add(part.data.turnId);
  return [...ids];
}

const UserItem = memo(function UserItem({ message }: { message: RehearseMessage }) {
  return (
    <li>
      <CandidateMessage text={messageText(message)} intent={message.metadata?.intent} />
      {message.metadata?.voice && (
        <div className="mt-2 ml-auto max-w-[85%] sm:max-w-[75%]">
          <DeliveryPanel metrics={message.metadata.voice.metrics} />
        </div>
      )}
    </li>
  );
});

interface AssistantItemProps {
  message: RehearseMessage;
  /** Turns of this reply graded in full somewhere in the conversation: their live key points give way. */
  assessedTurns: string[];
  /** Turns of this reply that answered a follow-up question. */
  followUpTurns: string[];
  collapseFeedback: boolean;
  /** The candidate's text to resend as an answer: only on the newest reply, if it has a status note. */
  treatAsAnswerText: string | undefined;
  onTreatAsAnswer: (text: string) => void;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const AssistantItem = memo(
  function AssistantItem({ message, assessedTurns, followUpTurns, collapseFeedback, treatAsAnswerText, onTreatAsAnswer }: AssistantItemProps) {
    return (
      <li className="space-y-3">
        <AssistantParts
          message={message}
          assessedTurns={new Set(assessedTurns)}
          followUpTurns={new Set(followUpTurns)}
          collapseFeedback={collapseFeedback}
          onTreatAsAnswer={treatAsAnswerText === undefined ? undefined : () => onTreatAsAnswer(treatAsAnswerText)}
        />
      </li>
    );
  },
  (a, b) =>
    a.message === b.message &&
    a.collapseFeedback === b.collapseFeedback &&
    a.treatAsAnswerText === b.treatAsAnswerText &&
    a.onTreatAsAnswer === b.onTreatAsAnswer &&
    sameList(a.assessedTurns, b.assessedTurns) &&
    sameList(a.followUpTurns, b.followUpTurns),
);

interface AssistantPartsProps {
  message: RehearseMessage;
  assessedTurns: Set<string>;
  followUpTurns: Set<string>;
  collapseFeedback: boolean;
  onTreatAsAnswer: (() => void) | undefined;
}

function AssistantParts({ message, assessedTurns, followUpTurns, collapseFeedback, onTreatAsAnswer }: AssistantPartsProps) {
  const liveKeyPoints = new Map<string, RehearseDataParts["keyPoint"][]>();
  for (const part of message.parts) {
    if (part.type !== "data-keyPoint") continue;
    const list = liveKeyPoints.get(part.data.turnId) ?? [];
    list.push(part.data);
    liveKeyPoints.set(part.data.turnId, list);
  }
  const shownLive = new Set<string>();

  return message.parts.map((part, i) => {
    const key = `${message.id}-${i}`;
    switch (part.type) {
      case "text":
        return part.text.trim() ? (
          <div key={key} data-testid="interviewer-text" className="max-w-prose text-sm">
            <Markdown>{part.text}</Markdown>
          </div>
        ) : null;
      case "data-question":
        return <QuestionCard key={key} question={part.data} />;
      case "data-keyPoint": {
        const turnId = part.data.turnId;
        if (assessedTurns.has(turnId) || shownLive.has(turnId)) return null;
        shownLive.add(turnId);
        return <LiveKeyPoints key={key} points={liveKeyPoints.get(turnId) ?? []} />;
      }
      case "data-assessment":
        return <FeedbackCard key={key} part={part.data} isFollowUp={followUpTurns.has(part.data.turnId)} collapsed={collapseFeedback} />;
      case "data-groundedAnswer":
        return <GroundedAnswer key={key} part={part.data} />;
      case "data-summary":
        return <SessionSummary key={key} summary={part.data} />;
      case "data-status":
        return <StatusNote key={key} status={part.data} onTreatAsAnswer={onTreatAsAnswer} />;
      default:
        return null;
    }
  });
}
