/**
 * The local judge: no key, no network. Key-point coverage from lexical matching of content
 * terms (identifier parts and stems, weighted by how distinctive they are in the bank) against
 * each rubric point and the reference section that elaborates it; off-topic detection against
 * the whole bank; generic misconception patterns; the shared `computeScore` for the number.
 * Everything per question is computed once and cached.
 *
 * Matching is `lexicalSimilarity` (weighted term overlap), not embeddings: it needs no model
 * and grades in a few milliseconds.
 */
import { getBank } from "@/lib/bank/load";
import { TRACK_LABELS, TRACKS, type Question } from "@/lib/bank/schema";
import { RUBRIC_VERSION, type Assessment, type GradingError, type KeyPointVerdict, type Verdict } from "./assessment";
import { contrastClaim, referenceContrasts, type ReferenceContrasts } from "./contrasts";
import { loadErrata, readErratum, type Erratum } from "./errata";
import { detectInjection } from "./injection";
import type { Judge, JudgeInput, JudgeProgress } from "./judge";
import { normalizeAnswer, originalSpan, type NormalizedAnswer } from "./normalize";
import { rubricDetails, type RubricPointDetail } from "./rubric";
import { computeScore, type DepthSignals } from "./score";
import { isStopword, stem, termsOf, termsOfToken, TOKEN_PATTERN, wordsOf } from "./terms";

type Weights = Map<string, number>;

interface PreparedPoint {
  detail: RubricPointDetail;
  /** Terms of the point's own wording. */
  text: Weights;
  textTotal: number;
  /** Terms distinctive of the section that elaborates it. */
  elaboration: Weights;
  elaborationNorm: number;
  /** The point is phrased negatively ("Avoid N+1", "Prevents XSS"): a negation near it agrees with it. */
  negative: boolean;
  /** Set when content/errata.json says the reference is wrong about this point. */
  erratum?: Erratum;
}

interface PreparedQuestion {
  question: Question;
  points: PreparedPoint[];
  /** Every term the reference uses, weighted, for off-topic detection. */
  vector: Weights;
  vocabulary: Set<string>;
  contrasts: ReferenceContrasts;
}

interface Unit {
  from: number;
  to: number;
  terms: Set<string>;
  /** A bare list of terms ("session, SECRET_KEY, cookies, signed"): names things, says nothing about them. */
  bareList: boolean;
}

// ---------------------------------------------------------------- bank statistics

interface BankStats {
  idf: Map<string, number>;
  identifiers: Set<string>;
  prepared: Map<string, PreparedQuestion>;
  bank: Question[];
  errata: Erratum[];
}

let stats: BankStats | null = null;

function bankStats(): BankStats {
  if (stats) return stats;
  const bank = getBank();
  const df = new Map<string, number>();
  const identifiers = new Set<string>();
  for (const q of bank) {
    const text = `${q.title}\n${q.answer}\n${q.keyPoints.join("\n")}`;
    for (const t of new Set(termsOf(text))) df.set(t, (df.get(t) ?? 0) + 1);
    for (const m of text.matchAll(TOKEN_PATTERN)) {
      for (const part of m[0].replace(/^@/, "").split(".")) if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+/i.test(part)) identifiers.add(part.replace(/\(\)$/, ""));
    }
  }
  const n = bank.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + n / d));
  stats = { idf, identifiers, prepared: new Map(), bank, errata: loadErrata(bank) };
  return stats;
}

function idfOf(term: string): number {
  const s = bankStats();
  return s.idf.get(term) ?? Math.log(1 + s.bank.length);
}

function weigh(terms: Iterable<string>): Weights {
  const w: Weights = new Map();
  for (const t of terms) w.set(t, idfOf(t));
  return w;
}

function sum(w: Weights): number {
  let s = 0;
  for (const v of w.values()) s += v;
  return s;
}

const NEGATIVE_POINT = /\b(avoid|prevent|prevents|without|instead|never|not|protect|protection|escap)/i;

function prepare(question: Question): PreparedQuestion {
  const s = bankStats();
  const cached = s.prepared.get(question.id);
  if (cached && cached.question === question) return cached;

  const details = rubricDetails(question);
  // How many of this question's point sections use a term: a term in every section says nothing about one point.
  const sectionCount = new Map<string, number>();
  const elabTerms = details.map((d) => new Set(termsOf(d.elaboration)));
  for (const set of elabTerms) for (const t of set) sectionCount.set(t, (sectionCount.get(t) ?? 0) + 1);

  const referenceLines = question.answer.split("\n");
  const titleTerms = new Set(termsOf(question.title));
  const points = details.map((detail, i): PreparedPoint => {
    // Quoted literals ('main.home') are examples, not the point.
    const text = pointTextWeights(detail.text.replace(/(['"])[^'"]*\1/g, " "));
    // Restating the question's own name ("the application factory pattern") is not evidence of knowing it.
    if (detail.id.startsWith("def-")) for (const [t, w] of text) if (titleTerms.has(t)) text.set(t, w * 0.3);
    if (!detail.elaboration) {
      // A short reference with no sections: the lines that use the point's most distinctive term elaborate it.
      const key = [...text.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      const lines = key ? referenceLines.filter((l) => termsOf(l).includes(key)) : [];
      for (const t of new Set(termsOf(lines.join("\n")))) elabTerms[i]!.add(t);
    }
    const elaboration: Weights = new Map();
    // The point's own terms, identifier parts included, are matched through its wording, not its section.
    const own = new Set([...text.keys()].flatMap((k) => k.split("+")));
    for (const t of elabTerms[i]!) if (!own.has(t)) elaboration.set(t, idfOf(t) / (sectionCount.get(t) ?? 1));
    const total = sum(elaboration);
    return {
      detail,
      text,
      textTotal: sum(text),
      elaboration,
      // A handful of the section's distinctive terms shows the point; nobody recites a whole section.
      elaborationNorm: Math.min(total, 5 * (total / Math.max(1, elaboration.size)) + 4),
      negative: NEGATIVE_POINT.test(detail.text),
      erratum: s.errata.find((e) => e.questionId === question.id && detail.origin === "keyPoints" && e.keyPoint === detail.text),
    };
  });

  const all = termsOf(`${question.title}\n${question.title}\n${question.answer}\n${question.keyPoints.join("\n")}`);
  const counts = new Map<string, number>();
  for (const t of all) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vector: Weights = new Map();
  for (const [t, c] of counts) vector.set(t, (1 + Math.log(c)) * idfOf(t));

  const prepared = { question, points, vector, vocabulary: new Set(all), contrasts: referenceContrasts(question.answer, question.keyPoints) };
  s.prepared.set(question.id, prepared);
  return prepared;
}

// ---------------------------------------------------------------- answer analysis

/** The key of two terms said one after the other: how an identifier's parts are matched. */
function adjacent(a: string, b: string): string {
  return `${a}+${b}`;
}

/** Terms of a run of tokens, plus adjacent pairs ("request form", "request.form") for matching identifiers. */
function termsOfTokens(answer: NormalizedAnswer, from: number, to: number): Set<string> {
  const out = new Set<string>();
  let previous: string | null = null;
  for (let i = from; i <= to; i++) {
    const terms = termsOfToken(answer.tokens[i]!.text);
    // A word with no content ("object", "for") breaks the chain: "request object, for form" is not request.form.
    if (terms.length === 0) previous = null;
    for (const t of terms) {
      out.add(t);
      if (previous) out.add(adjacent(previous, t));
      previous = t;
    }
  }
  return out;
}

const IDENTIFIER = /[._]|[a-z][A-Z]|\(\)$/;

/**
 * Weighted terms of a point's wording. An identifier's parts count only together, as adjacent
 * pairs: "request.form" is not shown by "the request object … form fields".
 */
function pointTextWeights(text: string): Weights {
  const w: Weights = new Map();
  for (const m of text.matchAll(TOKEN_PATTERN)) {
    const token = m[0];
    // Without the joined form termsOfToken adds for camel case ("loginrequiredmixin"): the parts carry it.
    const joined = /[a-z][A-Z]/.test(token) ? stem(token.replace(/[^A-Za-z0-9]/g, "").toLowerCase()) : null;
    const parts = termsOfToken(token).filter((t) => t !== joined);
    if (IDENTIFIER.test(token) && parts.length >= 2) {
      const weight = parts.reduce((s, t) => s + idfOf(t), 0) / (parts.length - 1);
      for (let i = 1; i < parts.length; i++) w.set(adjacent(parts[i - 1]!, parts[i]!), weight);
    } else {
      for (const t of parts) w.set(t, idfOf(t));
    }
  }
  return w;
}

/** Sentences, adjacent pairs, and windows inside long unpunctuated runs (spoken answers). */
function unitsOf(answer: NormalizedAnswer): Unit[] {
  const sentences: Array<[number, number]> = [];
  answer.tokens.forEach((t, i) => {
    const last = sentences[sentences.length - 1];
    if (last && answer.tokens[last[1]]!.sentence === t.sentence) last[1] = i;
    else sentences.push([i, i]);
  });
  const ranges: Array<[number, number]> = [];
  const WINDOW = 18;
  for (const [a, b] of sentences) {
    if (b - a + 1 <= WINDOW * 1.5) ranges.push([a, b]);
    else for (let s = a; s <= b; s += WINDOW / 2) ranges.push([s, Math.min(b, s + WINDOW - 1)]);
  }
  const pairs = ranges.slice(1).map((r, i): [number, number] => [ranges[i]![0], r[1]]);
  return [...ranges, ...pairs].map(([from, to]) => ({ from, to, terms: termsOfTokens(answer, from, to), bareList: isBareList(answer, from, to) }));
}

/**
 * No function words and mostly separators between the words: a list of names without a
 * predicate. Saying how things relate needs verbs and prepositions ("signs the cookie with").
 */
function isBareList(answer: NormalizedAnswer, from: number, to: number): boolean {
  const count = to - from + 1;
  if (count < 4) return false;
  let functionWords = 0;
  let separators = 0;
  for (let i = from; i <= to; i++) {
    const token = answer.tokens[i]!;
    if (wordsOf(token.text).some(isStopword)) functionWords++;
    if (i > from && /[,:=\/]|\s-\s/.test(answer.original.slice(answer.tokens[i - 1]!.end, token.start))) separators++;
  }
  return functionWords <= count / 8 && separators >= count / 3;
}

function matched(w: Weights, terms: Set<string>): number {
  let s = 0;
  for (const [t, v] of w) if (terms.has(t)) s += v;
  return s;
}

function pointSimilarity(p: PreparedPoint, terms: Set<string>): number {
  const text = p.textTotal > 0 ? matched(p.text, terms) / p.textTotal : 0;
  const elaboration = p.elaborationNorm > 0 ? Math.min(1, matched(p.elaboration, terms) / p.elaborationNorm) : 0;
  return Math.max(text, 0.85 * elaboration, 0.6 * text + 0.6 * elaboration);
}

const COVERED = 0.55;
const PARTIAL = 0.3;

function cosine(a: Weights, b: Weights): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    na += v * v;
    const w = b.get(t);
    if (w) dot += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function answerVector(terms: string[]): Weights {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const v: Weights = new Map();
  for (const [t, c] of counts) v.set(t, (1 + Math.log(c)) * idfOf(t));
  return v;
}

/** Steering away from the question ("I'd rather talk about…", "I'd use X instead"). */
const DEFLECTION = /\b(?:i'?d\s+rather\s+(?:talk|discuss)|rather\s+talk\s+about|i'?d\s+(?:just\s+)?use\s+\w+\s+instead|i\s+mostly\s+(?:worked|work)\s+on|not\s+(?:really\s+)?my\s+area|let'?s\s+talk\s+about\s+something)\b/i;

const REFUSAL = /\b(?:i\s+(?:don'?t|do\s+not)\s+know|no\s+idea|not\s+sure|no\s+clue|can\s+we\s+(?:skip|move\s+on)|skip\s+(?:this|that|it)|pass\s+on\s+this|next\s+question|never\s+(?:used|worked\s+with)|haven'?t\s+(?:used|worked))\b/i;

/**
 * Off-topic: the answer reads like another question of the bank (or like nothing in it), or it
 * talks about another framework than the one asked about.
 */
function offTopicOf(prepared: PreparedQuestion, terms: string[], bestPoint: number): boolean {
  const s = bankStats();
  const vec = answerVector(terms);
  const own = cosine(vec, prepared.vector);
  let best = 0;
  let bestQuestion: Question | null = null;
  for (const q of s.bank) {
    if (q.id === prepared.question.id) continue;
    const sim = cosine(vec, prepare(q).vector);
    if (sim > best) {
      best = sim;
      bestQuestion = q;
    }
  }
  const named = new Set(TRACKS.filter((t) => terms.includes(t)));
  const otherFrameworkOnly = named.size > 0 && !named.has(prepared.question.track);
  if (bestPoint >= COVERED && !otherFrameworkOnly) return false;
  if (own < 0.06) return true;
  if (otherFrameworkOnly && bestPoint < COVERED) return true;
  return Boolean(bestQuestion) && best > own * 2 && bestPoint < COVERED;
}

// ---------------------------------------------------------------- misconceptions

/** Strong negations only: "no secrets in it" or "it won't work without X" agree with the reference. */
const NEGATION = /\b(?:never|cannot|can't|can’t|can\s+not|impossible)\b/i;
/** Denying that something exists, is needed or is on: "has no built-in", "you don't need", "off by default". */
const DENIAL = /\b(?:(?:has|have|there'?s|there\s+is|there\s+are)\s+no|no\s+built-?in|(?:don'?t|doesn'?t|do\s+not|does\s+not|never)\s+(?:really\s+|even\s+)?(?:need|have\s+to|require|support)|not\s+(?:needed|required|necessary|supported)|optional|off\s+by\s+default|unnecessary)\b/i;
const DEPRECATION = /\b(?:deprecated|removed|obsolete|no\s+longer\s+(?:exists?|supported|needed|used|works?|recommended)|was\s+dropped|got\s+rid\s+of)\b/i;
const SAMENESS = /\b(?:(?:are|is)\s+(?:basically\s+|just\s+|really\s+|essentially\s+|exactly\s+)?(?:the\s+same(?:\s+thing)?|identical|interchangeable|equivalent)|no\s+(?:real\s+)?difference|same\s+thing\s+under)\b/i;
const OVERCLAIM = /\b(?:guarantee[sd]?|however\s+(?:big|large|many)|no\s+matter\s+(?:how|what)|completely\s+safe|always\s+safe|100\s*%|impossible)\b/i;

interface Claim {
  text: string;
  pointIndex: number | null;
  correction: string;
}

const CLAUSE_START = new Set(["so", "which", "because", "but", "though", "although", "whereas", "while", "and"]);

/**
 * Clauses of the original answer with their token range: a claim and its negation must sit in
 * the same clause ("so templates never hard-code paths" says nothing against url_for).
 */
function clauseUnits(answer: NormalizedAnswer): Array<{ from: number; to: number; original: string; terms: Set<string> }> {
  const out: Array<{ from: number; to: number; original: string; terms: Set<string> }> = [];
  answer.tokens.forEach((t, i) => {
    const last = out[out.length - 1];
    const prev = answer.tokens[i - 1];
    const between = prev ? answer.original.slice(prev.end, t.start) : "";
    const split = !last || !prev || prev.sentence !== t.sentence || /[,:;()]/.test(between) || CLAUSE_START.has(t.text) || i - last.from >= 15;
    if (split) out.push({ from: i, to: i, original: "", terms: new Set() });
    else last.to = i;
  });
  for (const s of out) {
    s.original = originalSpan(answer, s.from, s.to);
    s.terms = termsOfTokens(answer, s.from, s.to);
  }
  return out;
}

function correctionFor(p: PreparedPoint | undefined): string {
  return p ? `The reference says: ${p.detail.text}` : "This contradicts the reference answer.";
}

/**
 * Claims that contradict the reference, found by pattern rather than by answer: a reference
 * point negated or declared deprecated, two things the reference keeps apart declared the
 * same, an absolute guarantee about something the reference qualifies.
 */
function findMisconceptions(prepared: PreparedQuestion, answer: NormalizedAnswer): Claim[] {
  const claims: Claim[] = [];
  for (const s of clauseUnits(answer)) {
    // A claim is held against the core point it is about when there is one, else any point.
    const scored = prepared.points
      .map((p, i) => ({ i, sim: p.textTotal ? matched(p.text, s.terms) / p.textTotal : 0, core: p.detail.core }))
      .sort((a, b) => Number(b.core && b.sim >= 0.34) - Number(a.core && a.sim >= 0.34) || b.sim - a.sim);
    const top = scored[0];
    const topPoint = top ? prepared.points[top.i] : undefined;
    const referenceTerms = [...s.terms].filter((t) => prepared.vocabulary.has(t) && idfOf(t) > 1);
    const lower = s.original.toLowerCase();

    if (DEPRECATION.test(lower) && top && top.sim >= 0.3) {
      claims.push({ text: s.original, pointIndex: top.i, correction: correctionFor(topPoint) });
    } else if (SAMENESS.test(lower) && referenceTerms.length >= 2) {
      claims.push({ text: s.original, pointIndex: null, correction: "The reference treats these as different things." });
    } else if ((NEGATION.test(lower) || DENIAL.test(lower)) && !/\b(?:if|unless|when|whether)\b[^]*\b(?:never|cannot|can't|can’t|can\s+not)\b/.test(lower) && top && topPoint && top.sim >= 0.34 && !topPoint.negative) {
      claims.push({ text: s.original, pointIndex: top.i, correction: correctionFor(topPoint) });
    } else if (OVERCLAIM.test(lower) && referenceTerms.length >= 1) {
      claims.push({ text: s.original, pointIndex: null, correction: "An absolute claim the reference does not make; it holds only with qualifications." });
    } else {
      const contrast = contrastClaim(prepared.contrasts, answer.tokens.slice(s.from, s.to + 1).map((t) => t.text));
      if (contrast) claims.push({ text: s.original, pointIndex: top && top.sim >= 0.34 ? top.i : null, correction: contrast.correction });
    }
  }
  return claims;
}

// ---------------------------------------------------------------- depth

function depthOf(text: string): DepthSignals {
  return {
    explainsWhy: /\b(?:because|so\s+that|since|which\s+means|that'?s\s+why|the\s+reason|in\s+order\s+to|otherwise|the\s+point\s+is)\b/i.test(text),
    givesExample: /\b(?:for\s+example|for\s+instance|e\.g\.|say\s+i|imagine|picture|take\s+a|such\s+as|like\s+a|i'?d\s+(?:use|have|cache|model|guard|explain|describe))\b/i.test(text),
    discussesTradeOff: /\b(?:trade-?offs?|downside|drawback|instead|rather\s+than|versus|vs\.?|whereas|unless|on\s+the\s+other\s+hand|but\s+(?:it|that|you|not)|the\s+catch)\b/i.test(text),
  };
}

// ---------------------------------------------------------------- feedback

function sentence(text: string): string {
  const t = text.replace(/`/g, "").replace(/\s+/g, " ").trim();
  if (!t) return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A point as the candidate reads it in a sentence of ours: quoted, so its own casing (QuerySets, Flask) stays right. */
function quotedPoint(text: string): string {
  return `"${text.replace(/\.$/, "").trim()}"`;
}

/**
 * A reference point as a spoken sentence: "Use X for Y" becomes "You'd use X for Y" (key points
 * are often imperative notes), and everything else is kept as written.
 */
const IMPERATIVE = /^(use|set|choose|avoid|register|invalidate|monitor|cache|validate|store|test|chain|raise|keep|call|add|define|create|pass|return|prefer)\b/i;
function spoken(text: string): string {
  const t = sentence(text);
  if (!IMPERATIVE.test(t)) return t;
  // "Use for X" (a note with its object left out) reads "You'd use it for X".
  return `You'd ${t[0]!.toLowerCase()}${t.slice(1)}`.replace(/^You'd (\w+) (for|to|when)\b/, "You'd $1 it $2");
}

/** Code flattened into a sentence (imports, dotted paths, assignments) is no advice to read out. */
function looksLikeCode(text: string): boolean {
  return /[=(){}\[\]#]|\bimport\b|\w+\.\w+\.\w+/.test(text);
}

const comparable = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/**
 * What to tell the candidate about a point they did not cover: the point, plus the reference's
 * own prose about it when that says something the point's wording does not.
 */
function advice(lead: string, p: RubricPointDetail, correction?: string): string {
  const point = `${lead} ${quotedPoint(p.text)}.`;
  if (correction) return `${point} ${correction}`;
  const prose = p.elaboration && !looksLikeCode(p.elaboration) ? p.elaboration : "";
  const words = (t: string) => comparable(t).split(" ").length;
  const adds = prose && words(prose) > words(p.text) && !comparable(prose).includes(comparable(p.text));
  return adds ? `${point} The reference puts it as: "${sentence(prose)}"` : point;
}

function quote(text: string, max = 160): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Point id → the erratum's correction, for points the reference gets wrong. */
function correctionsOf(prepared: PreparedQuestion): Map<string, string> {
  return new Map(prepared.points.flatMap((p) => (p.erratum ? [[p.detail.id, p.erratum.correction] as const] : [])));
}

function improvedAnswer(question: Question, points: RubricPointDetail[], corrections: Map<string, string>): string {
  const definition = points.find((p) => p.id.startsWith("def-"));
  const rest = points
    .filter((p) => p.core && p !== definition)
    .map((p) => corrections.get(p.id) ?? spoken(p.text.replace(/\s+-\s+/, ": ")));
  // Without a definition in the reference, the answer opens straight with its points.
  return [...(definition ? [sentence(definition.text)] : []), ...rest].join(" ");
}

function followUpFor(question: Question, verdicts: KeyPointVerdict[]): string {
  const framework = TRACK_LABELS[question.track];
  const order: Verdict[] = ["contradicted", "missed", "partial"];
  for (const core of [true, false]) {
    for (const v of order) {
      const target = verdicts.find((k) => k.core === core && k.verdict === v);
      if (target) return `You didn't fully cover ${quotedPoint(target.text)}. How does that work in ${framework}, and when would you rely on it?`;
    }
  }
  return `Good coverage. What trade-offs or pitfalls have you run into with this in a real ${framework} project?`;
}

// ---------------------------------------------------------------- the judge

function emptyAssessment(input: JudgeInput, details: RubricPointDetail[], opts: { injectionDetected: boolean; offTopic: boolean; reason: string }, progress?: JudgeProgress): Assessment {
  const keyPoints: KeyPointVerdict[] = details.map(({ id, text, core, origin }) => ({ id, text, core, origin, verdict: "missed", evidence: "", note: opts.reason }));
  for (const k of keyPoints) progress?.onKeyPoint?.(k);
  return {
    questionId: input.question.id,
    score: 0,
    band: "weak",
    rubricVersion: RUBRIC_VERSION,
    keyPoints,
    errors: [],
    strengths: [],
    improvements: details.filter((d) => d.core).map((d) => advice("Mention", d)),
    improvedAnswer: improvedAnswer(input.question, details, correctionsOf(prepare(input.question))),
    followUp: followUpFor(input.question, keyPoints),
    injectionDetected: opts.injectionDetected,
    offTopic: opts.offTopic,
    grader: { kind: "local" },
  };
}

export function gradeLocally(input: JudgeInput, progress?: JudgeProgress): Assessment {
  const prepared = prepare(input.question);
  // The caller's points are the rubric; the prepared details carry the elaboration for the same ids.
  const details = prepared.points.map((p) => p.detail);

  const injection = detectInjection(input.answer);
  const remaining = injection.remaining;
  const normalized = normalizeAnswer(remaining, { identifiers: bankStats().identifiers });
  const allTerms = normalized.tokens.flatMap((t) => termsOfToken(t.text));
  const allTermsWithPairs = termsOfTokens(normalized, 0, normalized.tokens.length - 1);

  if (allTerms.length === 0) {
    return emptyAssessment(input, details, { injectionDetected: injection.detected, offTopic: false, reason: "The answer has no technical content." }, progress);
  }
  if (REFUSAL.test(remaining) && new Set(allTerms).size < 10) {
    return emptyAssessment(input, details, { injectionDetected: injection.detected, offTopic: false, reason: "The candidate declined to answer." }, progress);
  }

  const units = unitsOf(normalized);
  const claims = findMisconceptions(prepared, normalized);
  const contradicted = new Map<number, Claim>();
  for (const c of claims) if (c.pointIndex !== null && !contradicted.has(c.pointIndex)) contradicted.set(c.pointIndex, c);

  // Where the reference is wrong, the candidate's stance on the corrected fact decides the point.
  const errataErrors: GradingError[] = [];
  const errataVerdicts = new Map<number, Pick<KeyPointVerdict, "verdict" | "evidence" | "note">>();
  prepared.points.forEach((p, i) => {
    if (!p.erratum) return;
    const reading = readErratum(p.erratum, remaining);
    if (!reading.claim) return;
    const correct = reading.stance === "correct";
    errataErrors.push({
      claim: reading.claim,
      correction: correct ? `The candidate is right and the reference is wrong here ("${p.erratum.keyPoint}"): ${p.erratum.correction}` : p.erratum.correction,
      referenceIsWrong: correct,
    });
    // The same bar as any point: a bare list that happens to contain the right phrase is partial.
    const listed = normalizeAnswer(reading.claim);
    const bare = isBareList(listed, 0, listed.tokens.length - 1);
    errataVerdicts.set(i, { verdict: correct ? (bare ? "partial" : "covered") : "contradicted", evidence: reading.claim, note: correct ? "States the corrected fact (reference erratum)." : p.erratum.correction });
  });

  const keyPoints: KeyPointVerdict[] = prepared.points.map((p, i) => {
    const { id, text, core, origin } = p.detail;
    const amended = errataVerdicts.get(i);
    if (amended) return { id, text, core, origin, ...amended };
    const claim = contradicted.get(i);
    if (claim) return { id, text, core, origin, verdict: "contradicted", evidence: claim.text, note: claim.correction };
    let best: Unit | null = null;
    let bestSim = 0;
    for (const u of units) {
      // A pair of sentences must beat a single one clearly to be quoted instead.
      let sim = pointSimilarity(p, u.terms) * (u.to - u.from > 40 ? 0.9 : 1);
      // Naming a point's terms is not explaining it: a bare list is "partial" at most.
      if (u.bareList) sim = Math.min(sim, (COVERED + PARTIAL) / 2);
      if (sim > bestSim + 1e-9) {
        best = u;
        bestSim = sim;
      }
    }
    const verdict: Verdict = bestSim >= COVERED ? "covered" : bestSim >= PARTIAL ? "partial" : "missed";
    const evidence = best && verdict !== "missed" ? originalSpan(normalized, best.from, best.to) : "";
    // The note is for the candidate: a similarity figure means nothing to them.
    const note = verdict === "partial" ? "Touched on, but not stated or explained fully." : undefined;
    return { id, text, core, origin, verdict, evidence, note };
  });
  const bestPoint = Math.max(0, ...keyPoints.map((k, i) => (k.verdict === "missed" ? 0 : pointSimilarity(prepared.points[i]!, allTermsWithPairs))));
  const coreCovered = keyPoints.filter((k) => k.core && k.verdict === "covered").length / Math.max(1, keyPoints.filter((k) => k.core).length);
  const offTopic = offTopicOf(prepared, allTerms, bestPoint) || (DEFLECTION.test(remaining) && coreCovered < 0.5);
  const errors: GradingError[] = [...errataErrors, ...claims.map((c) => ({ claim: c.text, correction: c.correction, referenceIsWrong: false }))];

  for (const k of keyPoints) progress?.onKeyPoint?.(k);

  const { score, band } = computeScore({
    verdicts: keyPoints,
    errors,
    depth: depthOf(remaining),
    answer: input.answer,
    injectionDetected: injection.detected,
    offTopic,
  });

  const covered = keyPoints.filter((k) => k.verdict === "covered");
  const gaps = keyPoints.filter((k) => k.verdict !== "covered").sort((a, b) => Number(b.core) - Number(a.core));
  const detailById = new Map(details.map((d) => [d.id, d]));
  const corrections = correctionsOf(prepared);
  return {
    questionId: input.question.id,
    score,
    band,
    rubricVersion: RUBRIC_VERSION,
    keyPoints,
    errors,
    strengths: covered.slice(0, 4).map((k) => `${sentence(k.text)} You said: "${quote(k.evidence, 100)}"`),
    improvements: [
      ...errors.map((e) => `Correct this: "${quote(e.claim)}". ${e.correction}`),
      ...gaps
        .filter((k) => k.verdict !== "contradicted")
        .slice(0, 4)
        .map((k) => advice(k.verdict === "partial" ? "Go further on" : "Mention", detailById.get(k.id)!, corrections.get(k.id))),
    ],
    improvedAnswer: improvedAnswer(input.question, details, corrections),
    followUp: followUpFor(input.question, keyPoints),
    injectionDetected: injection.detected,
    offTopic,
    grader: { kind: "local" },
  };
}

export const localJudge: Judge = {
  kind: "local",
  async grade(input, progress) {
    return gradeLocally(input, progress);
  },
};
