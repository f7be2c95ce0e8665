/**
 * Stage "match points": how each unit of the answer sits against the question's pack and the rest
 * of the bank. A unit is a sentence, or a window of a long unpunctuated run (spoken answers); its
 * offsets point into the original answer, so evidence is always the candidate's own words.
 * The profile is the raw material for the decisions (decide.ts); computing it once per answer is
 * what lets the decision parameters be fitted quickly.
 */
import { findQuestion } from "@/lib/bank/load";
import { tracksNamedIn } from "@/lib/bank/tracks";
import { contentTokens, tokenize, type Token } from "@/lib/text/analyser";
import { cosine, isCodeOnly, similaritiesInRange, splitSimilarities, type RawFeatures, type SparseVector } from "@/lib/text/features";
import { scoreAll } from "@/lib/text/logistic";
import type { Matcher, QuestionModel, QuestionRange } from "./matcher";

export interface Unit {
  start: number;
  end: number;
  /** Best similarity to each rubric point's phrasings, and to its near-misses. */
  point: Map<string, number>;
  near: Map<string, number>;
  /** Best similarity to each misconception's phrasings. */
  mis: Map<string, number>;
  /** The point and misconception classifiers' probabilities for this unit (lib/text/logistic.ts). */
  pointP: Map<string, number>;
  misP: Map<string, number>;
  /** Best similarity to each misconception's correction (QuestionModel.corrections); empty for a unit that cannot state a claim. */
  correction: ReadonlyMap<string, number>;
  /** Best similarity to anything this question's pack says is on topic, and to other questions or the pack's off-topic list. */
  thisQuestion: number;
  elsewhere: number;
  /** A bare list of terms ("filters, inheritance, macros, XSS"): names things, says nothing about them. */
  bareList: boolean;
  /**
   * Code without prose (`if form.validate_on_submit():`, or anything inside a fenced code block,
   * whatever words its names use): it may show a point, it states no claim.
   */
  codeOnly: boolean;
  /** Content words in the unit: one or two words name a thing, they do not state a point. */
  contentWords: number;
  /** The unit's distinct content stems: what it adds to how much the answer says (decide.ts, elaboration). */
  stems: string[];
  /**
   * A window cut from a sentence that is a unit itself: it may end mid-clause ("protected from
   * XSS unless you use the safe [filter]"), so it can evidence a point but never a wrong claim.
   */
  partOfSentence: boolean;
}

export interface AnswerProfile {
  questionId: string;
  units: Unit[];
  /** The answer names a framework, and not its question's: it speaks of another framework's way (decide.ts, off-topic). */
  namesOnlyAnotherTrack: boolean;
  /** Content words in the gradable answer. */
  contentWords: number;
}

/** Words per window inside a sentence, and how far windows step: a point is often one clause of a longer sentence. */
const WINDOW = 10;
const STRIDE = 5;
const LONG_SENTENCE = 24;

/**
 * Sentence ends: . ! ? ; followed by a space or the end, or a line break. A dot inside code
 * (`Book.objects.filter`, `urls.py`) does not end a sentence.
 */
const SENTENCE = /(?:[^.!?;\n]|[.!?;]+(?=[^\s.!?;]))+[.!?;]*/g;

/** A clause of a long written sentence: up to a comma, colon or dash. */
const CLAUSE = /[^,:—–]+/g;
/**
 * Words a clause needs to stand as a statement; shorter ones join the next ("so url_for main dot
 * home, or dot home inside the blueprint"). Chosen on the dev sets (leave-one-question-out Spearman
 * 0.820, 0.828, 0.843, 0.850, 0.846, 0.845 at 4, 5, 6, 7, 8, 10).
 */
const MIN_CLAUSE_WORDS = 7;

/**
 * Sentences of the text, long ones split into overlapping windows of words; offsets into the text.
 * A long written sentence is also cut into its clauses, and then its windows may evidence points
 * but never a wrong claim: a window cut mid-clause ("request.args for the query string, request.form")
 * reads like a swap its sentence does not make. A long unpunctuated spoken run has only windows.
 */
export function unitsOf(text: string): Array<{ start: number; end: number; partOfSentence: boolean }> {
  const spans: Array<{ start: number; end: number; partOfSentence: boolean }> = [];
  for (const m of text.matchAll(SENTENCE)) {
    const words = tokenize(m[0]).filter((t) => !t.filler);
    if (words.length === 0) continue;
    const base = m.index;
    const whole = words.length <= LONG_SENTENCE;
    if (whole) spans.push({ start: base + words[0]!.start, end: base + words[words.length - 1]!.end, partOfSentence: false });
    if (words.length <= WINDOW + STRIDE) continue;
    const clauses = whole ? [] : clausesOf(m[0]);
    for (const c of clauses) spans.push({ start: base + c.start, end: base + c.end, partOfSentence: false });
    for (let i = 0; i < words.length; i += STRIDE) {
      const last = Math.min(words.length, i + WINDOW) - 1;
      spans.push({ start: base + words[i]!.start, end: base + words[last]!.end, partOfSentence: whole || clauses.length > 1 });
      if (last === words.length - 1) break;
    }
  }
  return spans;
}

/** The clauses of a sentence (offsets into it), short ones joined to the next. */
function clausesOf(sentence: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (const m of sentence.matchAll(CLAUSE)) {
    const words = tokenize(m[0]).filter((t) => !t.filler);
    if (words.length === 0) continue;
    if (start < 0) start = m.index + words[0]!.start;
    if (words.length < MIN_CLAUSE_WORDS) continue;
    out.push({ start, end: m.index + words[words.length - 1]!.end });
    start = -1;
  }
  if (start >= 0 && out.length) out[out.length - 1]!.end = sentence.trimEnd().replace(/[.!?;]+$/, "").length;
  return out;
}

/** A fenced code block, or one left open at the end of the answer. */
const FENCED_CODE = /```[\s\S]*?(?:```|$)/g;

export function profileAnswer(matcher: Matcher, questionId: string, text: string): AnswerProfile {
  const spans = unitsOf(text);
  const fences = [...text.matchAll(FENCED_CODE)].map((m) => [m.index, m.index + m[0].length] as const);
  const model = matcher.models.get(questionId);
  const range = matcher.ranges.get(questionId) ?? NO_EXEMPLARS;
  const scratch = scratchFor(matcher);
  const units = spans.map((span): Unit => {
    const unitText = text.slice(span.start, span.end);
    const { all: vector, words, raw, content } = matcher.vectorsOf(unitText);
    const pointP = model ? scoreAll(model.pointModels, words) : new Map<string, number>();
    const misP = model ? scoreAll(model.misModels, words) : new Map<string, number>();
    const unit: Unit = {
      ...span,
      point: new Map(),
      near: new Map(),
      mis: new Map(),
      pointP,
      misP,
      correction: NO_CORRECTIONS,
      thisQuestion: 0,
      elsewhere: 0,
      bareList: isBareList(unitText),
      codeOnly: isCodeOnly(unitText) || fences.some(([a, b]) => span.start >= a && span.end <= b),
      ...contentOfTokens(content),
    };
    if (canStateClaim(unit)) unit.correction = correctionSimilarities(model, vector);
    // Other questions matter only through their best point phrasing: one scan of the point
    // postings outside this question's, instead of every exemplar's.
    unit.elsewhere = splitSimilarities(matcher.pointIndex, vector, range.pointsFrom, range.pointsTo, scratch.ownPoints, scratch.points);
    similaritiesInRange(matcher.restIndex, vector, range.restFrom, range.restTo, scratch.ownRest);
    // This question's exemplars in their order, each similarity from the index that holds it.
    let point = 0;
    let rest = 0;
    for (let i = range.from; i < range.to; i++) {
      const e = matcher.exemplars[i]!;
      const sim = e.kind === "point" ? scratch.ownPoints[point++]! : scratch.ownRest[rest++]!;
      if (sim <= 0) continue;
      // A misconception's phrasing counts only when the unit says what makes it wrong (matcher.distinct).
      if (e.kind === "mis" && !sharesAny(matcher.distinct[i], raw)) continue;
      const table = e.kind === "point" ? unit.point : e.kind === "near" ? unit.near : e.kind === "mis" ? unit.mis : null;
      if (table) {
        if (sim > (table.get(e.ref) ?? 0)) table.set(e.ref, sim);
        if (e.kind === "point" && sim > unit.thisQuestion) unit.thisQuestion = sim;
      } else if (sim > unit.elsewhere) unit.elsewhere = sim;
    }
    return unit;
  });
  const named = tracksNamedIn(text);
  const own = findQuestion(questionId)?.track;
  return {
    questionId,
    units,
    namesOnlyAnotherTrack: named.length > 0 && own !== undefined && !named.includes(own),
    contentWords: contentOf(text).contentWords,
  };
}

/** A question the matcher has no exemplars for: everything is elsewhere. */
const NO_EXEMPLARS: QuestionRange = { from: 0, to: 0, pointsFrom: 0, pointsTo: 0, restFrom: 0, restTo: 0 };

interface Scratch {
  /** This question's point exemplars, and its other exemplars (matcher.restIndex). */
  ownPoints: Float32Array;
  ownRest: Float32Array;
  /** Every point exemplar. */
  points: Float32Array;
}

/**
 * Similarity buffers, one set per matcher, reused by every unit (allocating ~27 KB per unit was
 * garbage for the collector). Safe to share: profileAnswer is synchronous.
 */
const scratchByMatcher = new WeakMap<Matcher, Scratch>();
function scratchFor(matcher: Matcher): Scratch {
  let scratch = scratchByMatcher.get(matcher);
  if (!scratch) {
    let points = 0;
    let rest = 0;
    for (const r of matcher.ranges.values()) {
      points = Math.max(points, r.pointsTo - r.pointsFrom);
      rest = Math.max(rest, r.restTo - r.restFrom);
    }
    scratch = { ownPoints: new Float32Array(points), ownRest: new Float32Array(rest), points: new Float32Array(matcher.pointIndex.size) };
    scratchByMatcher.set(matcher, scratch);
  }
  return scratch;
}

/** Fewer content words than this name a thing ("objects", "init_app(app)") rather than state a point. */
export const MIN_STATEMENT_WORDS = 3;

/** Whether a unit can state a wrong claim (decide.ts): a whole sentence or clause of prose, not a name, a window or code. */
export function canStateClaim(u: Pick<Unit, "contentWords" | "partOfSentence" | "codeOnly">): boolean {
  return u.contentWords >= MIN_STATEMENT_WORDS && !u.partOfSentence && !u.codeOnly;
}

const NO_CORRECTIONS: ReadonlyMap<string, number> = new Map();

function correctionSimilarities(model: QuestionModel | undefined, vector: SparseVector): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of model?.corrections ?? []) {
    const sim = cosine(vector, c.vector);
    if (sim > (out.get(c.misconception) ?? 0)) out.set(c.misconception, sim);
  }
  return out;
}

function sharesAny(distinct: Set<number> | undefined, raw: RawFeatures): boolean {
  if (!distinct) return true;
  for (const id of distinct) if (raw.word.has(id) || raw.code.has(id) || raw.bigram.has(id)) return true;
  return false;
}

function contentOf(text: string): { contentWords: number; stems: string[] } {
  return contentOfTokens(contentTokens(text));
}

/** contentOf from the content tokens already found (vectorsOf finds them: one tokenizing per unit, not two). */
function contentOfTokens(content: Token[]): { contentWords: number; stems: string[] } {
  return { contentWords: content.length, stems: [...new Set(content.map((t) => t.stem))] };
}

/** Four or more items of at most three words, separated by commas, slashes or "and": a list, not a statement. */
export function isBareList(text: string): boolean {
  const items = text
    .replace(/^[^:]{0,40}:/, "")
    .split(/,|;|\/|\band\b/)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length >= 4 && items.every((s) => s.split(/\s+/).length <= 3);
}
