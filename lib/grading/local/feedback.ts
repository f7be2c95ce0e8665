/**
 * Stage "feedback": what the candidate reads after the score. Built from the verdicts and the
 * pack: strengths quote the candidate's own words, improvements name the missing points in the
 * order they matter, corrections come from the pack's misconceptions and the errata, and "how you
 * could say it" is the pack's spoken model answer (or the reference's own points without a pack).
 */
import { TRACK_LABELS, type Question } from "@/lib/bank/schema";
import type { GradingError, KeyPointVerdict, RubricPoint, Verdict } from "../assessment";
import type { Pack } from "@/lib/bank/pack";

export interface Feedback {
  strengths: string[];
  improvements: string[];
  improvedAnswer: string;
  followUp: string;
}

function quote(text: string, max = 120): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function sentence(text: string): string {
  const t = text.replace(/`/g, "").replace(/\s+/g, " ").trim();
  if (!t) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(capital) ? capital : `${capital}.`;
}

/** Without a pack: the definition and the core points, as plain sentences. */
function composedAnswer(points: RubricPoint[]): string {
  return points
    .filter((p) => p.core)
    .map((p) => sentence(p.correction ?? p.text))
    .join(" ");
}

function followUpFor(question: Question, verdicts: KeyPointVerdict[]): string {
  const framework = TRACK_LABELS[question.track];
  const order: Verdict[] = ["contradicted", "missed", "partial"];
  for (const core of [true, false]) {
    for (const v of order) {
      const target = verdicts.find((k) => k.core === core && k.verdict === v);
      if (target) return `Let's dig into one thing: "${target.label ?? target.text}". How does that work in ${framework}, and when would you rely on it?`;
    }
  }
  return `Good coverage. What trade-offs or pitfalls have you run into with this in a real ${framework} project?`;
}

/** What to tell an answer that makes its points in few words: the score gives explained points more (score.ts). */
const SAY_MORE =
  "Explain, don't just name: for the points you made, say why they work that way and give an example; the score gives the same points more when they are explained.";

export function feedbackFor(
  question: Question,
  points: RubricPoint[],
  verdicts: KeyPointVerdict[],
  errors: GradingError[],
  pack: Pack | undefined,
  brief = false,
): Feedback {
  const covered = verdicts.filter((v) => v.verdict === "covered");
  const gaps = verdicts
    .filter((v) => v.verdict === "missed" || v.verdict === "partial")
    .sort((a, b) => Number(b.core) - Number(a.core) || Number(a.verdict === "partial") - Number(b.verdict === "partial"));
  return {
    strengths: covered.slice(0, 4).map((v) => `${sentence(v.label ?? v.text)} You said: "${quote(v.evidence, 100)}"`),
    improvements: [
      ...errors.filter((e) => !e.referenceIsWrong).map((e) => `Correct this: "${quote(e.claim)}". ${e.correction}`),
      ...gaps.slice(0, 4).map((v) => {
        const lead = v.verdict === "partial" ? "Go further on" : "Mention";
        return `${lead}: ${v.label ?? v.text}.${v.correction ? ` ${v.correction}` : ""}`;
      }),
      ...(brief && covered.length > 0 ? [SAY_MORE] : []),
    ],
    improvedAnswer: pack?.modelAnswer ?? composedAnswer(points),
    followUp: followUpFor(question, verdicts),
  };
}
