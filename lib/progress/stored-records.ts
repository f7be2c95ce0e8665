import { TRACKS, trackSchema, type Track } from "@/lib/bank/schema";
import { findQuestion } from "@/lib/bank/load";
import {
  listDailyScoreRows,
  listMissedKeyPoints as listMissedKeyPointRows,
  listRecentSessionIds,
  readGradedTurns,
  type GradedTurnRow,
} from "@/lib/db/progress-queries";
import { getDb } from "@/lib/db/client";
import { readAttempts, trackOf } from "./attempts";
import type { DailyScore, MissedKeyPoint } from "./history";
import type { AnswerRecord, Attempt, SessionRecord } from "./records";

/**
 * The progress records of an identity, shaped from the rows lib/db/progress-queries.ts reads:
 * the bank names each question and its track; storage only knows ids.
 */

/**
 * One answer per main question: the main turn's assessment, with the points its follow-ups
 * recovered marked as such. Turns must be in session order (seq).
 */
function toAnswers(identityId: string, rows: readonly GradedTurnRow[]): AnswerRecord[] {
  const answers: AnswerRecord[] = [];
  const byQuestion = new Map<string, AnswerRecord>();
  for (const r of rows) {
    if (!r.questionId || r.kind === "ask") continue;
    const key = `${r.sessionId}#${r.questionIndex}`;
    if (r.kind === "main") {
      const track = trackOf(r.questionId);
      if (!track) continue;
      const record: AnswerRecord = {
        identityId,
        sessionId: r.sessionId,
        questionId: r.questionId,
        track,
        answeredAt: r.answeredAt ?? new Date(0),
        score: r.assessment.score,
        grader: r.assessment.grader,
        keyPoints: r.assessment.keyPoints.map((kp) => ({ id: kp.id, text: kp.text, verdict: kp.verdict })),
        questionTitle: findQuestion(r.questionId)?.title ?? r.prompt,
        answer: r.answer ?? "",
        improvedAnswer: r.assessment.improvedAnswer,
        followUps: [],
      };
      byQuestion.set(key, record);
      answers.push(record);
      continue;
    }
    const main = byQuestion.get(key);
    if (!main) continue;
    main.followUps.push({ question: r.prompt, answer: r.answer ?? "" });
    const recovered = new Set(r.recovered);
    for (const kp of main.keyPoints) if (recovered.has(kp.id)) kp.recoveredAfterFollowUp = true;
  }
  return answers;
}

/** Every graded answer of the identity, oldest session first; optionally one track. */
export async function listAnswerRecords(identityId: string, track?: Track): Promise<AnswerRecord[]> {
  const { turnRows } = await readGradedTurns(identityId);
  const answers = toAnswers(identityId, turnRows);
  return track ? answers.filter((a) => a.track === track) : answers;
}

/**
 * The attempts (verdicts only) of the identity, for scheduling, streaks and charts. Reads only the
 * assessment fields it needs, not answers or improved answers, so a long history stays quick to load.
 */
export async function listAttempts(identityId: string): Promise<Attempt[]> {
  const attempts = await readAttempts(await getDb(), identityId);
  return attempts.map(({ questionIndex: _position, ...attempt }) => attempt);
}

/** The key points missed most (optionally in one track), ranked as keyPointsMissedMost ranks them. */
export async function listMissedKeyPoints(identityId: string, track?: Track, limit = 10): Promise<MissedKeyPoint[]> {
  return listMissedKeyPointRows(identityId, track, limit);
}

/** Graded answers per track and UTC day, with their score total (grouped in SQL). */
export async function listDailyScores(identityId: string): Promise<DailyScore[]> {
  const rows = await listDailyScoreRows(identityId, TRACKS);
  return rows.map((r) => ({ ...r, track: trackSchema.parse(r.track) }));
}

/**
 * The identity's sessions with their graded answers, oldest first. With `sessionId`, only that session,
 * and only if it is the identity's: another identity's session id gives an empty list.
 */
export async function listSessionRecords(identityId: string, sessionId?: string): Promise<SessionRecord[]> {
  return sessionRecords(identityId, await readGradedTurns(identityId, sessionId ? [sessionId] : undefined));
}

/** The identity's latest `limit` sessions with their graded answers, newest first. */
export async function listRecentSessionRecords(identityId: string, limit: number): Promise<SessionRecord[]> {
  const latest = await listRecentSessionIds(identityId, limit);
  if (latest.length === 0) return [];
  const records = sessionRecords(identityId, await readGradedTurns(identityId, latest));
  return records.reverse();
}

function sessionRecords(identityId: string, { sessionRows, turnRows }: Awaited<ReturnType<typeof readGradedTurns>>): SessionRecord[] {
  const answers = toAnswers(identityId, turnRows);
  return sessionRows.map((s) => ({
    sessionId: s.id,
    track: s.track === "all" ? "all" : (trackSchema.safeParse(s.track).data ?? "all"),
    mode: s.mode,
    startedAt: s.createdAt,
    answers: answers.filter((a) => a.sessionId === s.id),
  }));
}
