import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { insertMessage, listMessages } from "@/lib/db/queries";
import { dataPart, Reply } from "./emitter";
import { questionPart, referenceOf } from "./interviewer";
import { messageOf, messageRow } from "./messages";
import type { RehearseMessage, SessionView } from "./protocol";
import { publicMessage } from "./public-messages";
import { resumeSession } from "./run-turn";
import { summaryOf } from "./turn-effects";
import { bankQuestion, currentTurn, loadInterview, mockTotal, sessionView } from "./session";

/**
 * The session and its messages as the UI should show them after a reload. Also repairs what an
 * interrupted request left behind: an ungraded answer is graded, and feedback, a question or a
 * summary that was stored but never reached the messages (the stream died first) is added.
 */
export async function rehydrateSession(sessionId: string, identityId: string): Promise<{ session: SessionView; messages: RehearseMessage[] }> {
  let ctx = await loadInterview(sessionId, identityId);
  if (await resumeSession(ctx)) ctx = await loadInterview(sessionId, identityId);

  const messages = (await listMessages(sessionId)).map(messageOf);
  const shown = new Set(messages.flatMap((m) => m.parts.map((p) => ("id" in p && p.id ? `${p.type}:${p.id}` : ""))));
  const missing = new Reply();

  // Feedback graded and stored whose reply never reached the messages (practice, or a mock once it ended).
  if (ctx.session.mode === "practice" || ctx.session.state === "ended") {
    for (const graded of ctx.turns) {
      if (!graded.assessment || !graded.questionId || shown.has(`data-assessment:assessment-${graded.id}`)) continue;
      const { assessment, recovered } = graded.assessment;
      missing.add(
        dataPart("assessment", `assessment-${graded.id}`, {
          turnId: graded.id,
          assessment,
          recovered,
          reference: referenceOf(bankQuestion(graded.questionId)),
        }),
      );
    }
  }
  const turn = currentTurn(ctx);
  if (ctx.session.state === "awaiting_answer" && turn?.questionId && !shown.has(`data-question:question-${turn.id}`)) {
    const question = bankQuestion(turn.questionId);
    missing.add(
      dataPart(
        "question",
        `question-${turn.id}`,
        questionPart({
          turnId: turn.id,
          question,
          index: turn.questionIndex,
          total: mockTotal(ctx.session, ctx.available),
          kind: turn.kind === "followUp" ? "followUp" : "main",
          targets: turn.targets,
          text: turn.prompt,
        }),
      ),
    );
  }
  if (ctx.session.state === "ended" && !shown.has(`data-summary:summary-${ctx.session.id}`)) {
    missing.add(dataPart("summary", `summary-${ctx.session.id}`, summaryOf(ctx)));
  }
  if (missing.parts.length > 0) {
    const message = missing.message(randomUUID());
    await insertMessage(await getDb(), messageRow(sessionId, message));
    messages.push(message);
  }
  return { session: sessionView(ctx), messages: messages.map(publicMessage) };
}
