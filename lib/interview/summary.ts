import type { Question } from "@/lib/bank/schema";
import type { Assessment, Verdict } from "@/lib/grading/assessment";
import type { RehearseDataParts } from "./protocol";

/** The end-of-session summary, computed from what was stored: pure, so a reload shows the same. */

export type SummaryPart = RehearseDataParts["summary"];

export interface SummaryTurn {
  kind: "main" | "followUp" | "ask";
  questionId: string | null;
  answer: string | null;
  intent: string | null;
  overTimeLimit: boolean;
  assessment: Assessment | null;
}

const SUGGESTIONS = 3;
const MISSED_POINTS = 5;
/** Scores below this suggest revisiting the question (the "strong" band starts at 7). */
const REVISIT_BELOW = 7;

const RANK: Record<Verdict, number> = { covered: 3, partial: 2, missed: 1, contradicted: 0 };

export function buildSummary(turns: SummaryTurn[], available: string[], find: (id: string) => Question | undefined): SummaryPart {
  const mains = turns.filter((t) => t.kind === "main" && t.questionId);

  const questions = mains.map((t) => {
    const q = find(t.questionId!);
    const answered = t.answer !== null && t.intent !== "skip" && t.intent !== "next";
    return {
      questionId: t.questionId!,
      title: q?.title ?? t.questionId!,
      score: t.assessment?.score ?? null,
      skipped: !answered,
      ...(t.overTimeLimit ? { overTime: true } : {}),
    };
  });

  const scores = questions.map((q) => q.score).filter((s): s is number => s !== null);
  const average = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10 : null;

  // A point counts as missed when no answer to its question (main or follow-up) covered it.
  const points = new Map<string, { text: string; questionId: string; core: boolean; best: number; count: number }>();
  for (const t of turns) {
    if (!t.assessment || !t.questionId) continue;
    for (const k of t.assessment.keyPoints) {
      const key = `${t.questionId}\u0000${k.id}`;
      const entry = points.get(key) ?? { text: k.text, questionId: t.questionId, core: k.core, best: 0, count: 0 };
      entry.best = Math.max(entry.best, RANK[k.verdict]);
      if (k.verdict === "missed" || k.verdict === "contradicted") entry.count++;
      points.set(key, entry);
    }
  }
  const missedMost = [...points.values()]
    .filter((p) => p.best < RANK.partial && p.count > 0)
    .sort((a, b) => Number(b.core) - Number(a.core) || b.count - a.count)
    .slice(0, MISSED_POINTS)
    .map(({ text, questionId, count }) => ({ text, questionId, count }));

  const revisit = questions
    .filter((q) => q.skipped || (q.score !== null && q.score < REVISIT_BELOW))
    .sort((a, b) => (a.score ?? -1) - (b.score ?? -1))
    .map((q) => q.questionId);
  const asked = new Set(mains.map((t) => t.questionId!));
  const fresh = available.filter((id) => !asked.has(id));
  const suggested = [...new Set([...revisit, ...fresh])].slice(0, SUGGESTIONS).flatMap((id) => {
    const q = find(id);
    return q ? [{ questionId: q.id, title: q.title }] : [];
  });

  return { questions, average, missedMost, suggested };
}
