/**
 * The rubric of a question: the points an interviewer expects to hear, built once from the
 * reference and handed to whichever judge grades.
 *
 * Where points come from:
 * - the reference's key-point list, each point as written;
 * - the reference answer's opening definition ("Django's ORM allows …"), when it has one;
 * - the answer's teaching structure: the list that introduces it, its `###` sub-headings and its
 *   numbered parts ("# 1. MODEL - Database layer"). Unnumbered code-comment banners
 *   ("# CACHING CONFIGURATION - settings.py") are layout, not teaching, and are never points.
 * A part that says what a key point or an earlier part already says is merged into it, so every
 * point is asked once. Parts that only name a file or an example ("Signals file", "Complex
 * example") name no concept and are dropped.
 *
 * The one rule for core vs extra: **a key point, the definition, or a part the question's title
 * names is core; every other part is extra.** Extra parts are kept only when the reference teaches
 * their concept beyond their own code (their heading's terms recur elsewhere in the reference),
 * at most MAX_EXTRA of them, most-taught first.
 *
 * A point that content/errata.json marks as wrong in the reference carries the correction: judges
 * grade it against the correction and never hold the reference's mistake against a candidate.
 */
import type { Question } from "@/lib/bank/schema";
import type { RubricPoint } from "./assessment";
import { loadErrata, type Erratum } from "./errata";
import { getBank } from "@/lib/bank/load";
import { termsOf, termSet } from "./terms";

export interface RubricPart {
  /** The heading as a reader would say it: "Model - Database layer". */
  heading: string;
  /** The lines under the heading up to the next one (code included). */
  body: string;
  kind: "definition" | "introItem" | "subheading" | "numberedPart";
}

/** Title words that never name a part of the answer. */
const TITLE_NOISE = new Set(
  termsOf(
    "explain what how does work works example examples common operations system framework important why handle use usage give create django flask fastapi",
  ),
);
/** Heading words that name a place or a kind of snippet, not a concept. */
const NOT_A_CONCEPT = new Set(termsOf("example examples file files basic simple complex testing test tests if needed sample demo"));
const MAX_EXTRA = 4;
/** Share of terms two headings must have in common to be the same point. */
const SAME_POINT = 0.6;
const LABEL_MAX = 80;
const FILE_PATH = /[\w./-]*\.(?:py|html|txt|cfg|toml|ini)\b/g;

function plain(markdown: string): string {
  return markdown
    .replace(/\*\*|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** "MODELFORM (automatically creates form from model)" → "Modelform (automatically creates form from model)". */
function humanise(heading: string): string {
  return heading
    .split(/\s+-\s+/)
    .map(humaniseWords)
    .join(" - ");
}

function humaniseWords(heading: string): string {
  const words = heading.trim().replace(/\s+/g, " ");
  const letters = words.replace(/\([^)]*\)/g, "").replace(/[^A-Za-z]/g, "");
  const mostlyUpper = letters.length > 0 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.7;
  // Shouting goes; short acronyms (URL, CSRF, CORS, ORM) stay unless the whole heading shouts.
  const shouted = mostlyUpper ? /[A-Z][A-Z0-9_]*[A-Z0-9]|[A-Z]/g : /\b[A-Z][A-Z0-9_]{4,}\b/g;
  return words.replace(shouted, (w, offset: number) => (offset === 0 ? w[0] + w.slice(1).toLowerCase() : w.toLowerCase()));
}

const NUMBERED_COMMENT = /^\s*#\s*\d+\.\s+(.+?)\s*$/;
const SUBHEADING = /^#{3,6}\s+(.+?)\s*$/;
const FENCE = /^\s*(```|~~~)/;
const BULLET = /^\s*(?:[-*]|\d+\.)\s+(.+)$/;

/** The parts the reference answer teaches, in order (before merging). */
export function referenceParts(question: Question): RubricPart[] {
  const parts: RubricPart[] = [];
  const lead: string[] = [];
  let inFence = false;
  let seenStructure = false;
  let current: { heading: string; kind: RubricPart["kind"]; lines: string[] } | null = null;
  const close = () => {
    if (current) parts.push({ heading: current.heading, kind: current.kind, body: current.lines.join("\n").trim() });
    current = null;
  };

  for (const line of question.answer.split("\n")) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      seenStructure = true;
      if (current) current.lines.push(line);
      continue;
    }
    let heading: string | null = null;
    let kind: RubricPart["kind"] = "numberedPart";
    if (inFence) {
      const numbered = NUMBERED_COMMENT.exec(line);
      if (numbered) heading = numbered[1]!;
    } else {
      const sub = SUBHEADING.exec(line);
      const bullet = BULLET.exec(line);
      if (sub) {
        heading = sub[1]!;
        kind = "subheading";
      } else if (bullet && !seenStructure) {
        // The list that introduces the answer ("This enables: - Multiple app instances …").
        parts.push({ heading: plain(bullet[1]!), kind: "introItem", body: "" });
        continue;
      } else if (!seenStructure && parts.length === 0 && line.trim()) {
        lead.push(line);
        continue;
      }
    }
    if (heading) {
      close();
      seenStructure = true;
      current = { heading: humanise(plain(heading)), kind, lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  close();

  // "… rather than a global object. This enables:" — the lead-in to a list is not part of the definition.
  const definition = plain(lead.join(" "))
    .replace(/(?<=\.)\s+[^.]{0,40}:$/, "")
    .replace(/:$/, ".")
    .trim();
  if (termsOf(definition).length >= 3) parts.unshift({ heading: definition, kind: "definition", body: definition });
  return parts;
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n;
}

function samePoint(a: Set<string>, b: Set<string>): boolean {
  return a.size > 0 && b.size > 0 && overlap(a, b) / Math.min(a.size, b.size) >= SAME_POINT && overlap(a, b) >= Math.min(2, a.size, b.size);
}

/** An id from text: lower-case words joined by "-", at most six; `fallback` when it has none. */
export function slug(text: string, fallback = "point"): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .split("-")
      .slice(0, 6)
      .join("-") || fallback
  );
}

/** A short label a candidate reads at a glance: the point without markdown, cut at a word boundary. */
function labelOf(text: string): string {
  const clean = plain(text)
    .replace(/\s+-\s+/, ": ")
    .replace(/\.$/, "");
  if (clean.length <= LABEL_MAX) return clean;
  const cut = clean.slice(0, LABEL_MAX);
  return cut.slice(0, cut.lastIndexOf(" ")).replace(/[,;:]$/, "") + "…";
}

interface Draft {
  text: string;
  kind: RubricPart["kind"] | "keyPoint";
  terms: Set<string>;
  core: boolean;
  /** How often the reference teaches the point's terms outside its own part. */
  taught: number;
}

const cache = new WeakMap<Question, RubricPoint[]>();

/** The rubric of a question: key points first, then the definition and the parts it teaches. Deterministic. */
export function rubricPoints(question: Question): RubricPoint[] {
  const cached = cache.get(question);
  if (cached) return cached;

  const titleTerms = new Set([...termSet(question.title)].filter((t) => !TITLE_NOISE.has(t)));
  const allTerms = termsOf(question.answer + "\n" + question.keyPoints.join("\n"));
  const withoutTitle = (text: string) => new Set([...termSet(text)].filter((t) => !titleTerms.has(t)));
  const drafts: Draft[] = question.keyPoints.map((text) => ({ text, kind: "keyPoint", terms: withoutTitle(text), core: true, taught: Infinity }));

  // The same part said twice (the intro's "Model: Database layer" and the code's "MODEL - Database layer") is one part.
  const parts: RubricPart[] = [];
  for (const part of referenceParts(question)) {
    const twin = part.kind === "definition" ? undefined : parts.find((p) => p.kind !== "definition" && samePoint(termSet(p.heading), termSet(part.heading)));
    if (twin) twin.body = `${twin.body}\n${part.body}`.trim();
    else parts.push({ ...part });
  }
  // A title word names a part when it leads exactly one part's heading (MVT's Model, View, Template).
  const leading = parts.map((p) => (p.kind === "definition" ? [] : termsOf(p.heading).slice(0, 2)));
  const namedParts = new Set<number>();
  for (const t of titleTerms) {
    const holders = leading.flatMap((terms, i) => (terms.includes(t) ? [i] : []));
    if (holders.length === 1) namedParts.add(holders[0]!);
  }
  const counts = new Map<string, number>();
  for (const t of allTerms) counts.set(t, (counts.get(t) ?? 0) + 1);

  parts.forEach((part, i) => {
    if (part.kind === "definition") {
      drafts.push({ text: part.heading, kind: part.kind, terms: termSet(part.heading), core: true, taught: Infinity });
      return;
    }
    const named = namedParts.has(i);
    // What the heading names beyond the question itself, file paths aside.
    const concept = new Set([...termSet(part.heading.replace(FILE_PATH, " "))].filter((t) => !NOT_A_CONCEPT.has(t) && !titleTerms.has(t)));
    if (concept.size === 0 && !named) return;
    const twin = drafts.find((d) => d.kind === "keyPoint" && samePoint(d.terms, concept));
    if (twin) return;
    const own = new Map<string, number>();
    for (const t of termsOf(part.heading + "\n" + part.body)) own.set(t, (own.get(t) ?? 0) + 1);
    const taught = [...concept].reduce((n, t) => n + Math.max(0, (counts.get(t) ?? 0) - (own.get(t) ?? 0)), 0);
    drafts.push({ text: part.heading, kind: part.kind, terms: concept, core: named, taught });
  });

  const extras = drafts
    .filter((d) => !d.core && d.taught > 0)
    .sort((a, b) => b.taught - a.taught)
    .slice(0, MAX_EXTRA);
  const kept = drafts.filter((d) => d.core || extras.includes(d));

  const errata = loadErrata(getBank()).filter((e) => e.questionId === question.id && e.keyPoint);
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  const points = kept.map((d): RubricPoint => {
    const erratum: Erratum | undefined = d.kind === "keyPoint" ? errata.find((e) => e.keyPoint === d.text) : undefined;
    const prefix = d.kind === "keyPoint" ? "kp" : d.kind === "definition" ? "def" : "ref";
    return {
      id: uniqueId(`${prefix}-${slug(d.text)}`),
      label: labelOf(d.text),
      text: plain(d.text),
      core: d.core,
      origin: d.kind === "keyPoint" ? "keyPoints" : "answer",
      ...(erratum ? { correction: erratum.correction } : {}),
    };
  });
  cache.set(question, points);
  return points;
}
