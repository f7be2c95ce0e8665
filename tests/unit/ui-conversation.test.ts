import { describe, expect, it } from "vitest";
import { chatErrorMessage, messageFromErrorBody } from "@/app/_lib/api-error";
import { assessmentsByTurn, currentQuestion, pendingKind, sessionSummary } from "@/app/_lib/conversation";
import type { RehearseDataParts, RehearseMessage } from "@/lib/interview/protocol";

const question = (turnId: string, kind: "main" | "followUp", index = 1): RehearseDataParts["question"] => ({
  turnId,
  questionId: "flask/routing-blueprints",
  title: "How does routing and Blueprints work in Flask?",
  track: "flask",
  index,
  total: null,
  kind,
  targets: [],
  text: kind === "main" ? "How does routing work?" : "And blueprints?",
});

const assistant = (id: string, parts: RehearseMessage["parts"]): RehearseMessage => ({ id, role: "assistant", parts });
const user = (id: string, text: string): RehearseMessage => ({ id, role: "user", parts: [{ type: "text", text }], metadata: { intent: "answer" } });

describe("conversation views", () => {
  const messages: RehearseMessage[] = [
    assistant("a1", [{ type: "data-question", id: "q1", data: question("t1", "main") }]),
    user("u1", "with decorators"),
    assistant("a2", [
      { type: "text", text: "Let me probe a little further." },
      { type: "data-question", id: "q2", data: question("t2", "followUp") },
    ]),
  ];

  it("finds the question being answered: the last one put", () => {
    expect(currentQuestion(messages)?.turnId).toBe("t2");
    expect(currentQuestion([])).toBeUndefined();
  });

  it("has no summary until the server sends one", () => {
    expect(sessionSummary(messages)).toBeUndefined();
    const summary: RehearseDataParts["summary"] = { questions: [], average: 7, missedMost: [], suggested: [] };
    expect(sessionSummary([...messages, assistant("a3", [{ type: "data-summary", id: "s", data: summary }])])?.average).toBe(7);
  });

  it("indexes assessments by the turn they judge", () => {
    expect(assessmentsByTurn(messages).size).toBe(0);
  });

  it("names what the candidate waits for after each intent", () => {
    expect(pendingKind("answer")).toBe("grading");
    expect(pendingKind("dont-know")).toBe("grading");
    expect(pendingKind("ask")).toBe("answering");
    expect(pendingKind("next")).toBe("thinking");
  });
});

describe("error messages shown to the candidate", () => {
  it("uses the message of the JSON error body", () => {
    expect(messageFromErrorBody('{"error":{"code":"payload_too_large:answer","message":"answer is longer than 8000 characters"}}', 413)).toBe(
      "answer is longer than 8000 characters",
    );
  });

  it("falls back to a message naming the status for a body that is not ours", () => {
    expect(messageFromErrorBody("<html>Bad gateway</html>", 502)).toBe("The server answered 502. Please try again.");
  });

  it("reads the transport's error (whose message is the response body) and mid-stream errors", () => {
    expect(chatErrorMessage(new Error('{"error":{"code":"not_found:session","message":"This session does not exist."}}'))).toBe("This session does not exist.");
    expect(chatErrorMessage(new Error("Something went wrong while grading."))).toBe("Something went wrong while grading.");
    expect(chatErrorMessage(new TypeError("Failed to fetch"))).toMatch(/Could not reach the server/);
  });
});
