import { generateText } from "ai";
import { withFallback } from "@/lib/ai/with-fallback";
import type { Question } from "@/lib/bank/schema";
import { searchContentWords, searchWords } from "@/lib/text/words";
import { stem } from "@/lib/text/analyser";

/**
 * "Review now" can ask about a due key point in new words, so the candidate recalls the idea rather
 * than the bank question's phrasing. The model's question is only used when it passes
 * checkRewordedQuestion; otherwise, or without an LLM, the bank question is asked as written.
 */

export interface ReviewQuestion {
  text: string;
  source: "llm" | "bank";
  /** Why the bank question was used instead of a reworded one. */
  fallbackReason?: string;
}

/** The analyser's stems of the content words, so "querysets" matches "QuerySet" and "evaluated" matches "evaluation". */
const stems = (text: string) => new Set(searchContentWords(text).map(stem));

/** Runs of this many consecutive words shared with the reference count as copying the answer. */
const LEAK_RUN = 5;

function sharesRun(candidate: string, source: string, run: number): boolean {
  const words = searchWords(source);
  const grams = new Set<string>();
  for (let i = 0; i + run <= words.length; i++) grams.add(words.slice(i, i + run).join(" "));
  const mine = searchWords(candidate);
  for (let i = 0; i + run <= mine.length; i++) if (grams.has(mine.slice(i, i + run).join(" "))) return true;
  return false;
}

export type RewordCheck = { ok: true } | { ok: false; reason: string };

/**
 * A reworded question must be one question, aim at the key point (mention some of its content words:
 * at least one, and a quarter of them) and not give the answer away (restate most of the point, or
 * copy a run of words from the point or the reference answer).
 */
export function checkRewordedQuestion(candidate: string, keyPoint: string, referenceAnswer: string): RewordCheck {
  const q = candidate.trim();
  if (q.length < 15 || q.length > 400) return { ok: false, reason: "not a question of sensible length" };
  if (!q.includes("?")) return { ok: false, reason: "not phrased as a question" };

  const pointStems = stems(keyPoint);
  const questionStems = stems(q);
  const shared = [...pointStems].filter((s) => questionStems.has(s)).length;
  const needed = Math.max(1, Math.floor(pointStems.size / 4));
  if (pointStems.size > 0 && shared < needed) return { ok: false, reason: "does not mention the key point" };
  if (pointStems.size >= 3 && shared / pointStems.size >= 0.75) return { ok: false, reason: "restates the key point" };
  if (sharesRun(q, keyPoint, LEAK_RUN) || sharesRun(q, referenceAnswer, LEAK_RUN)) return { ok: false, reason: "copies the reference answer" };
  return { ok: true };
}

const INSTRUCTIONS = `You are a technical interviewer for Python web frameworks (Django, Flask, FastAPI).
Write ONE interview question that checks whether the candidate knows the given point.
Name the topic, but do not state, hint at or paraphrase the answer.
Reply with the question only: one or two sentences ending with a question mark.`;

/** The question to ask for a due key point: reworded by the interviewer model when one is configured and its wording passes the check. */
export async function reviewQuestionFor(question: Question, keyPoint: string): Promise<ReviewQuestion> {
  const bank = (fallbackReason: string): ReviewQuestion => ({ text: question.title, source: "bank", fallbackReason });
  return withFallback(
    "interviewer",
    async (llm) => {
      const { text } = await generateText({
        model: llm.model,
        instructions: INSTRUCTIONS,
        prompt: `Original question: ${question.title}\nPoint to check: ${keyPoint}`,
        maxRetries: llm.maxRetries,
        abortSignal: AbortSignal.timeout(llm.timeoutMs),
      });
      const candidate = text.trim().replace(/^["“]|["”]$/g, "");
      const check = checkRewordedQuestion(candidate, keyPoint, question.answer);
      return check.ok ? { text: candidate, source: "llm" as const } : bank(`reworded question rejected: ${check.reason}`);
    },
    (failure) => bank(failure ? failure.sentence : "no LLM configured"),
  );
}
