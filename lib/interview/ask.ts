import type { Question } from "@/lib/bank/schema";
import { findQuestion } from "@/lib/bank/load";
import type { ScoredUnit } from "@/lib/search/answer-units";
import { getSearchIndex } from "@/lib/search/search";
import { getEnglishWords } from "@/lib/text/english-words";
import { covers, NEAREST_OFFERED, route, withSlipsCorrected } from "./ask-coverage";
import { fitted, notCovered, passageOf, relevantUnits, renderSections, withheldAnswer, type Section } from "./ask-compose";
import { writeWithModel } from "./ask-llm";
import type { AskOptions, AskResult } from "./ask-schema";
import type { RehearseDataParts } from "./protocol";

/**
 * The candidate asks the interviewer something. One function answers it for the CLI
 * (`rehearse ask`) and the interview UI: route the question to the bank question it is about
 * (hybrid search: BM25 + vectors + the query router trained from the packs), decide whether the
 * bank covers it at all, then answer from that question's reference: offline, the sentences, key
 * points and code lines most relevant to what was asked (≤ MAX_ANSWER_CHARS), quoted and cited;
 * with an LLM, written from those passages only and citing them.
 *
 * In modules: ask-coverage.ts routes and decides coverage, ask-compose.ts quotes the passages,
 * ask-llm.ts has the model write from them; this file puts them together.
 */

export { askAnswerSchema, askSourceSchema, type AskAnswer, type AskOptions, type AskResult, type AskSource, type AskWriter } from "./ask-schema";
export {
  BANK_UNKNOWN_WORD_COST,
  COVERAGE_THRESHOLD,
  coverageInputs,
  coverageScore,
  covers,
  OUT_OF_SCOPE_CHANCE,
  OUT_OF_SCOPE_MARGIN,
  unknownWordShare,
} from "./ask-coverage";
export { MAX_ANSWER_CHARS } from "./ask-compose";
export { askPrompt } from "./ask-llm";

/**
 * A second question is quoted only when the router rates it nearly as high as the first and its best
 * unit is about as relevant as the first's: two frameworks' middleware for "a header on every response".
 */
const SECOND_SOURCE_ROUTE_RATIO = 0.85;
const SECOND_SOURCE_UNIT_RATIO = 0.9;

const QUESTION_OPENING =
  /^(what|what's|whats|how|why|when|where|which|who|whom|can you|could you|would you|will you|do you|does|should i|is there|are there|explain|tell me)\b/i;
const HESITANT_ANSWER = /^(is it|isn't it|maybe|i think|i guess|perhaps|probably)\b/i;

/**
 * True when text sent as an answer is clearly a question addressed to the interviewer
 * ("what's the difference between X and Y?"): short, one or two sentences, opens like a
 * question and ends with "?". A hesitant answer ("is it the ORM?") is not one.
 */
export function looksLikeCandidateQuestion(text: string): boolean {
  const t = text.trim();
  if (t.length === 0 || t.length > 300 || !t.endsWith("?")) return false;
  if (HESITANT_ANSWER.test(t) || !QUESTION_OPENING.test(t)) return false;
  const sentences = t.split(/[.!?]+\s+/).filter(Boolean);
  return sentences.length <= 2;
}

// ---------------------------------------------------------------------------------------------
// The one entry point

export async function askBank(asked: string, options: AskOptions = {}): Promise<AskResult> {
  const withhold = options.withhold ?? null;
  const query = withSlipsCorrected(asked, (await getSearchIndex()).index.router(), await getEnglishWords());
  const routed = await route(query, withhold);
  const questions = routed.hits.map((h) => findQuestion(h.id)).filter((q): q is Question => q !== undefined);
  const best = questions[0];
  const routedTo = routed.router.route(query)[0]?.questionId;
  if (withhold && routedTo === withhold) {
    const open = findQuestion(withhold);
    if (open && (!best || covers(query, open, routed))) {
      return { query: asked, answer: withheldAnswer(open), sources: [], grounded: true, writer: "bank" };
    }
  }
  if (!best || !covers(query, best, routed)) {
    const result: AskResult = { query: asked, answer: notCovered(questions.slice(0, NEAREST_OFFERED)), sources: [], grounded: false, writer: "bank" };
    return options.offline
      ? result
      : ((await writeWithModel(
          asked,
          result,
          questions.slice(0, 2).map((q) => ({ question: q, units: relevantUnits(query, q, routed.router) })),
          options,
        )) ?? result);
  }

  const sections: Section[] = [{ question: best, units: relevantUnits(query, best, routed.router) }];
  const second = questions[1];
  if (second) {
    const ratio = (routed.routeScores.get(second.id) ?? 0) / Math.max(1e-9, routed.routeScores.get(best.id) ?? 0);
    const units = relevantUnits(query, second, routed.router);
    const topOf = (us: ScoredUnit[]) => Math.max(0, ...us.map((u) => u.relevance));
    if (ratio >= SECOND_SOURCE_ROUTE_RATIO && topOf(units) >= SECOND_SOURCE_UNIT_RATIO * topOf(sections[0]!.units)) {
      // Its two most relevant units, in reading order.
      const best = [...units].sort((a, b) => b.relevance - a.relevance).slice(0, 2);
      sections.push({ question: second, units: units.filter((u) => best.includes(u)) });
    }
  }
  const answer = fitted(sections, renderSections);
  // The sources are the sections that survived fitting, each with the passage it quotes.
  const kept = sections.filter((s) => answer.includes(`/questions/${s.question.id})`));
  const sources = kept.map((s) => ({ id: s.question.id, title: s.question.title, passage: passageOf(s.units) }));
  const result: AskResult = { query: asked, answer, sources, grounded: true, writer: "bank" };
  if (options.offline) return result;
  return (await writeWithModel(asked, result, kept, options)) ?? result;
}

// ---------------------------------------------------------------------------------------------
// The interview's part

export type GroundedAnswer = RehearseDataParts["groundedAnswer"];

export function groundedAnswerPart(result: AskResult): GroundedAnswer {
  return {
    text: result.answer,
    grounded: result.writer === "llm" ? "llm" : "passages",
    covered: result.grounded,
    sources: result.sources.map((s) => ({ questionId: s.id, title: s.title, passage: s.passage })),
  };
}

/** The interview's grounded answer to a candidate's question (the same function the CLI uses). */
export async function answerCandidateQuestion(args: {
  question: string;
  withhold?: string | null;
  onText?: (partial: GroundedAnswer) => void;
}): Promise<GroundedAnswer> {
  const onText = args.onText;
  const result = await askBank(args.question, { withhold: args.withhold, onText: onText ? (partial) => onText(groundedAnswerPart(partial)) : undefined });
  return groundedAnswerPart(result);
}
