import { randomUUID } from "node:crypto";
import { getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { getDb, transaction } from "@/lib/db/client";
import { findReply, getSessionForMessage, insertSession, listMessages, listTurns, recordGrade, recordReply } from "@/lib/db/queries";
import { env, EnvError } from "@/lib/env";
import { gradeLocally } from "@/lib/grading/local-judge";
import { getMatcher } from "@/lib/grading/local/matcher";
import { messageRow, replyRow } from "@/lib/interview/messages";
import { rubricPoints } from "@/lib/grading/rubric";
import { applyAssessmentToReviewState, backfillReviewStates } from "@/lib/progress/review-state";
import { openOutOfScope } from "@/lib/search/out-of-scope";
import { getSearchIndex } from "@/lib/search/search";

/**
 * What the server does once at start: a bad environment variable stops it with a message naming
 * the variable; the database is migrated, and the search index, the query router, the out-of-scope
 * classifier and the grading matcher loaded (or built), before the first request rather than during it: left to the first
 * answer, reading the matcher alone made its grading take seconds instead of milliseconds.
 */
export async function startServer(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[rehearse] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  // Opening PGlite first: it compiles its WebAssembly off the main thread (and, in a data directory
  // without a database, copies the template on a worker thread) while the matcher, the index and
  // the router load on the main thread (each a synchronous read), instead of one after the other.
  // All of them are kept process-wide (lib/process-wide.ts): the routes' copies of these modules
  // read what was loaded here.
  const storage = openStorage();
  getMatcher();
  const { index } = await getSearchIndex();
  // The out-of-scope topics and classifier (saved by the build): now, not on the first question asked.
  openOutOfScope(index.router());
  await storage;
  // One turn rehearsed, nothing stored (warmUp below): the first answer then costs what a later one does.
  await warmUp();
}

/**
 * Opens the database (migrations run on opening), then the one data step migrations cannot do in
 * SQL: rebuilding the review schedule of identities from before review_state existed.
 */
export async function openStorage(): Promise<void> {
  await getDb();
  const rebuilt = await backfillReviewStates();
  if (rebuilt > 0) console.log(`[rehearse] rebuilt the review schedule of ${rebuilt} identities`);
}

/**
 * Start-up's rehearsal of one interview turn, so that the first answer after start costs what the
 * tenth does. Measured before it: the first graded answer took 2–4× a later one (130–250 ms against
 * ~50 ms over HTTP, 2026-12-03), its time going to
 * PGlite's first use of the turn's tables (catalog and index metadata read, its WebAssembly not yet
 * optimised for those statements) and to the judge's code running cold.
 *
 * Nothing is stored: the turn's writes run in one transaction that is rolled back, and the reads
 * that follow look for rows that do not exist. Start-up is over before any request is served
 * (instrumentation.ts), so no candidate's turn runs beside it.
 */
export async function warmUp(): Promise<void> {
  const bank = getBank();
  const first = bank[0];
  if (!first) return;
  // The local judge once per question, on a short answer (its first key point): every stage of
  // grading runs, and so does each question's first use of its own models. Grading the first
  // question's whole reference answer instead (as until 2026-12-07) took longer (97–105 ms against
  // 59–75) and left the first answer to another question 10–27 ms to grade, against 1–8 (in-process).
  const grade = (question: Question) => gradeLocally({ question, points: rubricPoints(question), answer: question.keyPoints[0] ?? question.answer });
  for (const question of bank.slice(1)) grade(question);
  await rehearseTurnStorage(first.id, first.title, grade(first));
}

/** Thrown to roll the rehearsal's transaction back; caught right here, never seen by anyone else. */
class RolledBack extends Error {}

async function rehearseTurnStorage(questionId: string, prompt: string, assessment: ReturnType<typeof gradeLocally>): Promise<void> {
  const identityId = randomUUID();
  const sessionId = randomUUID();
  const turnId = randomUUID();
  const nextTurnId = randomUUID();
  const answerId = randomUUID();
  const now = new Date();
  const parts = [{ type: "text" as const, text: "warm-up" }];
  // The candidate's message and the reply as a turn stores them (messageRow, replyRow): the statements
  // built once (lib/db/client.ts preparedOn) are keyed by which columns a row has, so these build the
  // ones the first answer uses.
  const answerMessage = messageRow(sessionId, { id: answerId, role: "user", parts, metadata: { intent: "answer", createdAt: now.toISOString() } }, { turnId });
  try {
    // The statements of a session's start (createSession), an answer stored before grading
    // (prepareTurn), and the grade stored with its review schedule, the move and the reply (runTurn).
    await transaction(async (tx) => {
      await insertSession(tx, {
        session: {
          id: sessionId,
          identityId,
          track: "all",
          mode: "practice",
          questionCount: 5,
          timeLimitSec: null,
          plan: null,
          state: "awaiting_answer",
          currentTurnId: turnId,
          createdAt: now,
        },
        firstTurn: { id: turnId, sessionId, seq: 1, kind: "main", questionId, questionIndex: 1, prompt, targets: [], askedAt: now },
        opening: replyRow(sessionId, randomUUID(), parts, null),
      });
      await recordReply(tx, answerMessage, {
        sessionId,
        turnId,
        answer: "warm-up",
        intent: "answer",
        answeredAt: now,
        overTimeLimit: false,
        state: "grading",
      });
      const graded = await recordGrade(
        tx,
        { turnId, assessment, grader: assessment.grader.kind, score: assessment.score, recovered: [] },
        {
          sessionId,
          from: { state: "grading", turnId },
          to: { state: "awaiting_answer", turnId: nextTurnId },
          newTurn: { id: nextTurnId, sessionId, seq: 2, kind: "main", questionId, questionIndex: 2, prompt, targets: [], askedAt: now },
        },
        replyRow(sessionId, randomUUID(), parts, answerId),
      );
      if (graded !== "stored") throw new Error(`the warm-up turn's grade was not stored (${graded})`);
      await applyAssessmentToReviewState(tx, turnId, {
        identityId,
        sessionId,
        kind: "main",
        questionId,
        questionIndex: 1,
        answeredAt: now,
        score: assessment.score,
        keyPoints: assessment.keyPoints.map((k) => ({ id: k.id, text: k.text, verdict: k.verdict })),
        recovered: [],
      });
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  // The reads of a turn (loading the session with its turns and the message, a re-send's reply) and of
  // a session's page, on the rows just rolled back: they find nothing.
  await getSessionForMessage(sessionId, identityId, answerId);
  await listTurns(sessionId);
  await findReply(sessionId, answerId);
  await listMessages(sessionId);
}
