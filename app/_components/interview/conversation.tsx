import type { Ref } from "react";
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

/** The whole interview so far, message by message, each data part shown by its own component. */
export function Conversation({ listRef, messages, onTreatAsAnswer }: ConversationProps) {
  const assessments = assessmentsByTurn(messages);
  const questions = questionsByTurn(messages);
  // Only the newest reply's feedback opens in full; earlier cards fold to their summary line.
  const newestReply = messages.findLast((m) => m.role === "assistant")?.id;

  return (
    <ol ref={listRef} className="scroll-mt-4 space-y-4 [&>li]:scroll-mt-4" aria-label="Interview conversation">
      {messages.map((message, index) => {
        if (message.role === "user") {
          return (
            <li key={message.id}>
              <CandidateMessage text={messageText(message)} intent={message.metadata?.intent} />
              {message.metadata?.voice && (
                <div className="mt-2 ml-auto max-w-[85%] sm:max-w-[75%]">
                  <DeliveryPanel metrics={message.metadata.voice.metrics} />
                </div>
              )}
            </li>
          );
        }
        const previousUser = messages.slice(0, index).findLast((m) => m.role === "user");
        const isLatest = index === messages.length - 1;
        return (
          <li key={message.id} className="space-y-3">
            <AssistantParts
              message={message}
              assessments={assessments}
              questions={questions}
              collapseFeedback={message.id !== newestReply}
              onTreatAsAnswer={isLatest && previousUser ? () => onTreatAsAnswer(messageText(previousUser)) : undefined}
            />
          </li>
        );
      })}
    </ol>
  );
}

interface AssistantPartsProps {
  message: RehearseMessage;
  assessments: Map<string, RehearseDataParts["assessment"]>;
  questions: Map<string, RehearseDataParts["question"]>;
  collapseFeedback: boolean;
  onTreatAsAnswer: (() => void) | undefined;
}

function AssistantParts({ message, assessments, questions, collapseFeedback, onTreatAsAnswer }: AssistantPartsProps) {
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
        if (assessments.has(turnId) || shownLive.has(turnId)) return null;
        shownLive.add(turnId);
        return <LiveKeyPoints key={key} points={liveKeyPoints.get(turnId) ?? []} />;
      }
      case "data-assessment":
        return <FeedbackCard key={key} part={part.data} isFollowUp={questions.get(part.data.turnId)?.kind === "followUp"} collapsed={collapseFeedback} />;
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
