import { getOrCreate } from "@/lib/text/cache";
import type { Question } from "@/lib/bank/schema";
import { rubricPoints } from "@/lib/grading/rubric";
import { answerUnits, codeOf, rankUnits, vectorUnits, type ScoredUnit, type VectorUnit } from "@/lib/search/answer-units";
import type { QueryRouter } from "@/lib/search/query-router";
import { getThesaurus } from "@/lib/search/thesaurus";
import { STOP_WORDS } from "@/lib/text/stop-words";
import { cosine, mixVectors, type SparseVector } from "@/lib/text/features";

/**
 * The extractive answer: the sentences, key points and code lines of a bank question most relevant
 * to what was asked, quoted and cited, within MAX_ANSWER_CHARS. Written without a model; with one,
 * the same passages are what the model is given (ask-llm.ts).
 */

export const MAX_ANSWER_CHARS = 1_200;

/**
 * Units quoted from a question: the most relevant first, then any other at least RELATIVE_RELEVANCE
 * of the best one, until MAX_UNITS (MAX_CODE_UNITS of them code) or UNIT_BUDGET_CHARS of text.
 */
const MAX_UNITS = 10;
const MAX_CODE_UNITS = 4;
const RELATIVE_RELEVANCE = 0.1;
const UNIT_BUDGET_CHARS = 1_000;

const unitVectors = new Map<string, VectorUnit[]>();

/** A question's units with their features, once per router (a retrained router has other features). */
function unitsOf(question: Question, router: QueryRouter): VectorUnit[] {
  return getOrCreate(unitVectors, `${router.sourceHash}:${question.id}`, () => vectorUnits(answerUnits(question), router.vectorize));
}

/** Compared without markdown, case or punctuation, as the rubric states a reference's points. */
function normalisedText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

interface LinkedPoint {
  /** The pack's phrasings of the point: how candidates say it, in their words. */
  says: SparseVector[];
  /** The errata's correction when the reference is wrong here. */
  correction?: string;
}

const linkedPoints = new Map<string, Map<number, LinkedPoint>>();

/**
 * Units that state a rubric point (a key point, a definition sentence), by unit order, with the
 * point's pack phrasings and erratum. A lay question ("when is the safe filter OK?") shares no word
 * with "Prevents XSS by auto-escaping" but does with the ways people say that point.
 */
function pointsOf(question: Question, router: QueryRouter): Map<number, LinkedPoint> {
  const key = `${router.sourceHash}:${question.id}`;
  let links = linkedPoints.get(key);
  if (links) return links;
  links = new Map();
  const points = rubricPoints(question).map((p) => ({ ...p, norm: normalisedText(p.text) }));
  for (const unit of unitsOf(question, router)) {
    if (unit.kind === "code") continue;
    const norm = normalisedText(unit.text);
    const point = points.find((p) => p.norm.length > 0 && (p.norm === norm || (p.origin === "answer" && norm.includes(p.norm))));
    if (!point) continue;
    const says = router.exemplars.filter((e) => e.questionId === question.id && e.pointId === point.id).map((e) => router.vectorize(e.text));
    links.set(unit.order, { says, ...(point.correction ? { correction: point.correction } : {}) });
  }
  linkedPoints.set(key, links);
  return links;
}

/**
 * A key point's example: the code unit most like it ("Can send custom signals" → `user_activated =
 * Signal()`), when at least EXAMPLE_MIN_SIMILARITY like it. The point says what, the code says how,
 * and a lay query ("make my own event") may share words with the point's pack phrasings only, so
 * the example takes EXAMPLE_WEIGHT of the point's relevance. Chosen on the dev sets: weight
 * 0.5–0.6 with a floor of 0.25–0.3 gave the same figures; a floor of 0.15–0.2 pulled in code a
 * point merely shares a word with, and a weight of 0.8 crowded out prose that answered.
 */
const EXAMPLE_WEIGHT = 0.5;
const EXAMPLE_MIN_SIMILARITY = 0.25;

const examples = new Map<string, Map<number, number>>();

/** A question's key points with an example, by unit order: point → code unit. */
function examplesOf(question: Question, router: QueryRouter): Map<number, number> {
  return getOrCreate(examples, `${router.sourceHash}:${question.id}`, () => {
    const units = unitsOf(question, router);
    const code = units.filter((u) => u.kind === "code");
    const out = new Map<number, number>();
    for (const point of units) {
      if (point.kind !== "keypoint") continue;
      let best: { order: number; similarity: number } | null = null;
      for (const c of code) {
        const similarity = cosine(point.vector, c.vector);
        if (!best || similarity > best.similarity) best = { order: c.order, similarity };
      }
      if (best && best.similarity >= EXAMPLE_MIN_SIMILARITY) out.set(point.order, best.order);
    }
    return out;
  });
}

/** Mean of the best two similarities of the query to a point's phrasings. */
function saysScore(query: SparseVector, point: LinkedPoint): number {
  const sims = point.says.map((v) => cosine(query, v)).sort((a, b) => b - a);
  return sims.length === 0 ? 0 : (sims[0]! + (sims[1] ?? sims[0]!)) / 2;
}

/**
 * The query as units are scored against it (pseudo-relevance feedback, as search engines expand a
 * query from its best hits): its own features, plus the question's pack phrasings nearest to it
 * (they say the query's words in the reference's terms: "errors raised in clean() appear in
 * non_field_errors"), plus the technical terms the thesaurus gives its everyday phrasings ("log
 * out" → logout, session.pop). The query's own words weigh most.
 */
const FEEDBACK_EXEMPLARS = 3;
const FEEDBACK_WEIGHT = 0.6;
const THESAURUS_WEIGHT = 0.3;

/** The indices of a question's exemplars in the router's list. */
const exemplarIndices = new Map<string, number[]>();

function exemplarsOf(question: Question, router: QueryRouter): number[] {
  return getOrCreate(exemplarIndices, `${router.sourceHash}:${question.id}`, () =>
    router.exemplars.flatMap((e, i) => (e.questionId === question.id ? [i] : [])),
  );
}

/** The thesaurus's terms for the last few queries (one ask scores two questions' units). */
const recentTerms = new Map<string, string>();

function thesaurusTerms(query: string): string {
  let terms = recentTerms.get(query);
  if (terms === undefined) {
    if (recentTerms.size >= 16) recentTerms.delete(recentTerms.keys().next().value!);
    terms = getThesaurus().expand(query).terms.join(" ");
    recentTerms.set(query, terms);
  }
  return terms;
}

export function focusOf(query: string, question: Question, router: QueryRouter): SparseVector {
  const sims = router.similarities(query);
  const nearest = exemplarsOf(question, router)
    .filter((i) => sims[i]! > 0)
    .sort((a, b) => sims[b]! - sims[a]!)
    .slice(0, FEEDBACK_EXEMPLARS);
  const top = nearest.length > 0 ? sims[nearest[0]!]! : 0;
  const parts = [
    { vector: router.vectorize(query), weight: 1 },
    ...nearest.map((i) => ({ vector: router.exemplarVector(i), weight: (FEEDBACK_WEIGHT * sims[i]!) / top })),
  ];
  const terms = thesaurusTerms(query);
  if (terms) parts.push({ vector: router.vectorize(terms), weight: THESAURUS_WEIGHT });
  return mixVectors(parts);
}

/** A question asking how to do something is answered with code when the reference has some. */
const ASKS_HOW = /\b(how (do|does|would|can|should|to)|show me|example|write|implement|set up|code)\b/i;

/**
 * A question asking why (what for, what is gained) is answered by the sentences that say what a thing
 * is for, more than by the code that shows how: "why use a signal instead of code in the view?" is
 * answered by "Signals enable loose coupling". Prose stating a purpose weighs PURPOSE_WEIGHT more then
 * (2026-12-04, on every retrieval set then: weight 1 or 3 gained one query fewer, 0.5 two fewer;
 * blind eval/retrieval-test13.jsonl, written after: ask right 81.8% → 84.1%).
 */
const ASKS_WHY = /\b(why|what'?s the point|point of|benefits?|advantages?|instead of|rather than|what for|worth it)\b/i;
const STATES_PURPOSE =
  /\b(enabl\w*|allow\w*|lets?|so that|because|avoid\w*|prevent\w*|decoupl\w*|loose coupling|reus\w*|separat\w*|benefits?|advantages?|useful|without)\b/i;
const PURPOSE_WEIGHT = 2;

/** Every unit of a question with its relevance to the query (see relevantUnits), best first. */
export function scoredUnits(query: string, question: Question, router: QueryRouter): ScoredUnit[] {
  const own = router.vectorize(query);
  const points = pointsOf(question, router);
  const asksWhy = ASKS_WHY.test(query);
  const scored = rankUnits(unitsOf(question, router), focusOf(query, question, router)).map((u) => {
    const purpose = asksWhy && u.kind !== "code" && STATES_PURPOSE.test(u.text) ? 1 + PURPOSE_WEIGHT : 1;
    const point = points.get(u.order);
    if (!point) return { ...u, relevance: u.relevance * purpose };
    const text = point.correction ? `${u.text} (the bank is wrong here: ${point.correction})` : u.text;
    return { ...u, text, relevance: Math.max(u.relevance, saysScore(own, point)) * purpose };
  });
  // A relevant key point brings its example.
  const byOrder = new Map(scored.map((u) => [u.order, u]));
  for (const [point, example] of examplesOf(question, router)) {
    const code = byOrder.get(example)!;
    code.relevance = Math.max(code.relevance, EXAMPLE_WEIGHT * byOrder.get(point)!.relevance);
  }
  // A comparison is answered with both sides: the unit naming most of a side's words (the more
  // relevant on a tie) ranks with the best unit overall. Words as written, not stems or cosine: a
  // side is a name or two ("ModelForm", "post_save"), and cosine would favour the shortest unit
  // sharing a part of it.
  const sides = comparedSides(query);
  if (sides) {
    const top = Math.max(0, ...scored.map((u) => u.relevance));
    for (const side of sides) {
      const wanted = sideWords(side);
      if (wanted.length === 0) continue;
      let best: { unit: ScoredUnit; share: number } | null = null;
      for (const unit of scored) {
        const text = unit.text.toLowerCase();
        const share = wanted.filter((w) => text.includes(w)).length / wanted.length;
        if (share > 0 && (!best || share > best.share || (share === best.share && unit.relevance > best.unit.relevance))) best = { unit, share };
      }
      if (best) best.unit.relevance = Math.max(best.unit.relevance, top);
    }
  }
  return scored.sort((a, b) => b.relevance - a.relevance);
}

/** A compared side's words as they would be written in the reference: "request dot args" → "request.args". */
function sideWords(side: string): string[] {
  return side
    .toLowerCase()
    .replace(/\s+dot\s+/g, ".")
    .replace(/\s+underscore\s+/g, "_")
    .split(/\s+/)
    .map((w) => w.replace(/^[^\w{%]+|[^\w}%]+$/g, ""))
    .filter((w) => w.length > 1 && !STOP_WORDS.search.has(w));
}

/** Words that end a compared side: "a ModelForm for a form that …" compares "a ModelForm". */
const SIDE_END = /\s(?:for|in|to|when|with|which|that|on|if|so)\s.*$|[,:;?!.](?:\s.*)?$/i;
const CHOICE = /\b(which|should i|should we|better|choose|pick|prefer|instead)\b/i;

/**
 * The two things a comparison question compares, or null: "the difference between X and Y",
 * "X vs Y", "X versus Y", and "X or Y" when the question asks for a choice ("which", "should I",
 * "better"). Each side is the few words next to the connective.
 */
export function comparedSides(query: string): [string, string] | null {
  const q = query.replace(/\s+/g, " ").trim();
  const between = /\b(?:difference|differences|differ) between (.+?) and (.+)$/i.exec(q);
  const versus = /^(.+?)\s(?:vs\.?|versus|compared to|compared with)\s(.+)$/i.exec(q);
  const or = CHOICE.test(q) ? /^(.+?)\sor\s(.+)$/i.exec(q) : null;
  const match = between ?? versus ?? or;
  if (!match) return null;
  const left = match[1]!
    .split(/[,:;?!]/)
    .at(-1)!
    .trim()
    .split(" ")
    .slice(-3)
    .join(" ");
  const right = match[2]!.replace(SIDE_END, "").trim().split(" ").slice(0, 3).join(" ");
  return left && right ? [left, right] : null;
}

/**
 * The units of a question most relevant to the query, in reading order. A unit's relevance is its
 * cosine to the query's focus (focusOf), or, for a unit stating a rubric point, the query's
 * similarity to the point's pack phrasings when that is higher. A point the errata correct is quoted
 * with its correction. A question asking how gets a code snippet when the reference has a relevant one.
 */
export function relevantUnits(query: string, question: Question, router: QueryRouter): ScoredUnit[] {
  const ranked = scoredUnits(query, question, router);
  const top = ranked[0]?.relevance ?? 0;
  if (top <= 0) return ranked.slice(0, 1);
  const chosen: ScoredUnit[] = [];
  let code = 0;
  const seen = new Set<string>();
  let chars = 0;
  const take = (u: ScoredUnit) => {
    seen.add(u.text);
    if (u.kind === "code") code++;
    chars += u.text.length;
    chosen.push(u);
  };
  for (const piece of pieces(ranked)) {
    const [u] = piece;
    if (chosen.length >= MAX_UNITS || u!.relevance < RELATIVE_RELEVANCE * top) break;
    if (piece.every((p) => seen.has(p.text)) || (u!.kind === "code" && code >= MAX_CODE_UNITS)) continue;
    // Past the budget, smaller pieces may still fit.
    const size = piece.reduce((n, p) => n + p.text.length, 0);
    if (chosen.length > 0 && (chars + size > UNIT_BUDGET_CHARS || chosen.length + piece.length > MAX_UNITS)) continue;
    for (const p of piece) if (!seen.has(p.text)) take(p);
  }
  if (code === 0 && ASKS_HOW.test(query)) {
    const snippet = ranked.find((u) => u.kind === "code" && u.relevance > 0 && u.text.length <= UNIT_BUDGET_CHARS);
    if (snippet) {
      // The least relevant units make room for it.
      chosen.sort((a, b) => b.relevance - a.relevance);
      while (chosen.length > 1 && (chosen.length >= MAX_UNITS || chars + snippet.text.length > UNIT_BUDGET_CHARS)) chars -= chosen.pop()!.text.length;
      take(snippet);
    }
  }
  return chosen.sort((a, b) => a.order - b.order);
}

/**
 * Ranked units as the pieces they are quoted in, best first: a list's intro and items together
 * (answer-units.ts), ranked by the best of them and each taking its relevance, every other unit alone.
 */
function pieces(ranked: ScoredUnit[]): ScoredUnit[][] {
  const lists = new Map<number, ScoredUnit[]>();
  const out: ScoredUnit[][] = [];
  for (const u of ranked) {
    if (u.list === undefined) {
      out.push([u]);
      continue;
    }
    let list = lists.get(u.list);
    if (!list) {
      list = [];
      lists.set(u.list, list);
      out.push(list);
    }
    list.push(u);
  }
  // A list is ranked by its best unit, and every unit in it is kept as relevant as that when fitting.
  return out.map((piece) => (piece.length > 1 ? piece.map((u) => ({ ...u, relevance: piece[0]!.relevance })).sort((a, b) => a.order - b.order) : piece));
}

/** Markdown of units: prose and key points quoted, code as a fenced block. */
function quoteUnits(units: ScoredUnit[]): string {
  const blocks: string[] = [];
  let quoted: string[] = [];
  const flushQuote = () => {
    if (quoted.length) blocks.push(quoted.map((l) => `> ${l}`).join("\n>\n"));
    quoted = [];
  };
  let heading: string | undefined;
  for (const u of units) {
    if (u.kind === "code") {
      flushQuote();
      // The heading the code sits under, once for its run of snippets.
      if (u.heading && u.heading !== heading) blocks.push(`**${u.heading}**`);
      heading = u.heading;
      const { language, code } = codeOf(u);
      blocks.push(`\`\`\`${language}\n${code}\n\`\`\``);
    } else if (u.kind === "keypoint") {
      // The list's label, once for its run of points.
      if (u.heading && u.heading !== heading) quoted.push(`**${u.heading}:**`);
      heading = u.heading;
      quoted.push(`- ${u.text}`);
    } else {
      heading = undefined;
      quoted.push(u.text);
    }
  }
  flushQuote();
  return blocks.join("\n\n");
}

/** The plain text of units, as a source's passage (what an LLM is given and what the UI shows). */
export function passageOf(units: ScoredUnit[]): string {
  let heading: string | undefined;
  return units
    .map((u) => {
      const label = u.heading && u.heading !== heading ? `${u.heading}:\n` : "";
      heading = u.kind === "sentence" ? undefined : u.heading;
      return u.kind === "code" ? `${label}${codeOf(u).code}` : u.kind === "keypoint" ? `${label}- ${u.text}` : u.text;
    })
    .join("\n");
}

function link(question: Pick<Question, "id" | "title">): string {
  return `[${question.title}](/questions/${question.id})`;
}

export interface Section {
  question: Question;
  units: ScoredUnit[];
}

/** Units without a list intro whose items were all left out ("This enables:" and nothing after it). */
export function withoutDanglingIntros(units: ScoredUnit[]): ScoredUnit[] {
  return units.filter((u) => u.list !== u.order || units.some((item) => item.list === u.order && item !== u));
}

/** Drops the least relevant units until the answer fits MAX_ANSWER_CHARS. */
export function fitted(sections: Section[], render: (sections: Section[]) => string): string {
  let current = sections.map((s) => ({ ...s, units: withoutDanglingIntros(s.units) }));
  let text = render(current);
  while (text.length > MAX_ANSWER_CHARS) {
    const removable = current.flatMap((s, si) => s.units.map((u, ui) => ({ si, ui, u }))).filter(({ si }) => current[si]!.units.length > 1 || si > 0);
    if (removable.length === 0) break;
    const worst = removable.reduce((a, b) => (b.u.relevance < a.u.relevance ? b : a));
    const section = current[worst.si]!;
    if (section.units.length === 1) current = current.filter((_, i) => i !== worst.si);
    else {
      section.units.splice(worst.ui, 1);
      const whole = withoutDanglingIntros(section.units);
      if (whole.length > 0) section.units = whole;
      else if (worst.si > 0) current = current.filter((_, i) => i !== worst.si);
    }
    text = render(current);
  }
  // One unit can still be too long (a long code snippet): cut it at a line.
  if (text.length > MAX_ANSWER_CHARS) text = `${text.slice(0, MAX_ANSWER_CHARS - 1).replace(/\n[^\n]*$/, "")}…`;
  return text;
}

export function renderSections(sections: Section[]): string {
  return sections.map((s, i) => `${i === 0 ? "From" : "Also from"} ${link(s.question)} [${i + 1}]:\n\n${quoteUnits(s.units)}`).join("\n\n");
}

export function notCovered(nearest: Question[]): string {
  const offer = nearest.length ? ` The nearest questions it has: ${nearest.map(link).join("; ")}.` : "";
  return `This question bank doesn't cover that, so I can't answer it from the bank.${offer}`;
}

export function withheldAnswer(question: Question): string {
  return `That is what the question you are answering asks (${question.title}), so I won't answer it yet: give it your best shot, and the reference answer comes with your feedback.`;
}
