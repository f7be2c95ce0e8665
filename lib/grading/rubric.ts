/**
 * The rubric of a question: the reference's key points, enriched deterministically from what
 * the reference answer itself teaches (its opening definition, intro bullets, `###`
 * sub-headings and numbered code-comment sections such as "# 1. MODEL - Database layer").
 * Some key-point lists are thin or describe something else (the MVT question lists the
 * request flow while its answer teaches Model, View, Template), so parts the title names
 * become core points too.
 */
import type { Question } from "@/lib/bank/schema";
import type { RubricPoint } from "./assessment";
import { termsOf, termSet } from "./terms";

export interface ReferenceSection {
  /** The heading as a reader would say it: "Model - Database layer". */
  heading: string;
  /** The lines under the heading up to the next one (code included). */
  body: string;
  kind: "definition" | "bullet" | "subheading" | "codeSection";
}

export interface RubricPointDetail extends RubricPoint {
  /** Reference text that elaborates the point (its section), used for matching and feedback. */
  elaboration: string;
}

/** Title words that never name a part of the answer. */
const TITLE_NOISE = new Set(termsOf("explain what how does work works example examples common operations system framework important why handle use usage give create django flask fastapi"));
const MAX_ANSWER_CORE = 4;
const MAX_EXTRA = 8;

function plain(markdown: string): string {
  return markdown
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

function humanise(heading: string): string {
  const words = heading.trim().replace(/\s+/g, " ");
  const letters = words.replace(/[^A-Za-z]/g, "");
  const mostlyUpper = letters.length > 0 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.7;
  if (!mostlyUpper) return words;
  // "MODELFORM (automatically…)" keeps its parenthesis as written; only the shouting goes.
  return words.replace(/[A-Z][A-Z0-9_]*[A-Z0-9]|[A-Z]/g, (w, offset: number) => (offset === 0 ? w[0] + w.slice(1).toLowerCase() : w.toLowerCase()));
}

const NUMBERED_COMMENT = /^\s*#\s*\d+\.\s+(.+?)\s*$/;
const CAPS_COMMENT = /^\s*#\s*([A-Z][A-Z0-9 &/()_,.-]{3,}?)(?:\s+-\s+(.+?))?\s*$/;
const SUBHEADING = /^#{3,6}\s+(.+?)\s*$/;

/** The sections the reference answer is organised in, in order. */
export function referenceSections(question: Question): ReferenceSection[] {
  const lines = question.answer.split("\n");
  const sections: ReferenceSection[] = [];
  let inFence = false;
  let seenFence = false;
  let current: { heading: string; kind: ReferenceSection["kind"]; lines: string[] } | null = null;
  const lead: string[] = [];
  const close = () => {
    if (current) sections.push({ heading: current.heading, kind: current.kind, body: current.lines.join("\n").trim() });
    current = null;
  };

  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      seenFence = true;
      continue;
    }
    let heading: string | null = null;
    let kind: ReferenceSection["kind"] = "codeSection";
    if (inFence) {
      const numbered = NUMBERED_COMMENT.exec(line);
      const caps = CAPS_COMMENT.exec(line);
      if (numbered) heading = numbered[1]!;
      else if (caps && caps[1]!.replace(/[^A-Z]/g, "").length >= 4) heading = caps[2] ? `${caps[1]} - ${caps[2]}` : caps[1]!;
    } else {
      const sub = SUBHEADING.exec(line);
      const bullet = /^\s*[-*]\s+(.+)$/.exec(line);
      if (sub) {
        heading = sub[1]!;
        kind = "subheading";
      } else if (bullet && !seenFence && !current) {
        sections.push({ heading: plain(bullet[1]!), kind: "bullet", body: plain(bullet[1]!) });
        continue;
      } else if (!seenFence && !current && line.trim() && sections.length === 0) {
        lead.push(line);
        continue;
      }
    }
    if (heading) {
      close();
      current = { heading: humanise(plain(heading)), kind, lines: [] };
    } else if (current) {
      (current as { lines: string[] }).lines.push(line);
    }
  }
  close();
  const merged = mergeDuplicates(sections.filter((s) => s.kind !== "codeSection" || s.body.trim().length > 0));

  // "… rather than a global object. This enables:" — a dangling lead-in to a list is not part of the definition.
  const definition = plain(lead.join(" "))
    .replace(/(?<=\.)\s+[^.]{0,40}:$/, "")
    .replace(/:$/, ".")
    .trim();
  if (termsOf(definition).length >= 3) merged.unshift({ heading: definition, kind: "definition", body: definition });
  return merged;
}

/** The intro bullet "Model: Database layer (ORM)" and the code section "MODEL - Database layer" are one part. */
function mergeDuplicates(sections: ReferenceSection[]): ReferenceSection[] {
  const out: Array<ReferenceSection & { terms: Set<string> }> = [];
  for (const s of sections) {
    const terms = termSet(s.heading);
    const twin = out.find((o) => terms.size > 0 && overlap(o.terms, terms) / Math.max(o.terms.size, terms.size) >= 0.6);
    if (twin) twin.body = `${twin.body}\n${s.body}`.trim();
    else out.push({ ...s, terms });
  }
  return out.map(({ terms: _terms, ...s }) => s);
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .split("-")
      .slice(0, 6)
      .join("-") || "point"
  );
}

function overlap(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const t of a) if (b.has(t)) n++;
  return n;
}

const cache = new Map<string, RubricPointDetail[]>();

/** Rubric points with the reference text that elaborates each one. Deterministic; computed once per question. */
export function rubricDetails(question: Question): RubricPointDetail[] {
  const cached = cache.get(question.id + "\u0000" + question.answer.length);
  if (cached) return cached;

  const sections = referenceSections(question);
  const sectionTerms = sections.map((s) => termSet(s.heading));
  const bodyTerms = sections.map((s) => termSet(s.heading + "\n" + s.body));
  const used = new Set<number>();
  const ids = new Set<string>();
  const uniqueId = (base: string) => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };

  const points: RubricPointDetail[] = [];
  for (const text of question.keyPoints) {
    const terms = termSet(text);
    // The section whose heading (or else body) shares most with the key point elaborates it.
    let best = -1;
    let bestScore = 0;
    sections.forEach((s, i) => {
      if (s.kind === "definition") return;
      const score = overlap(terms, sectionTerms[i]!) * 2 + overlap(terms, bodyTerms[i]!);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    const elaboration = best >= 0 && bestScore >= 2 ? sections[best]!.body : "";
    sections.forEach((_, i) => {
      const heading = sectionTerms[i]!;
      if (heading.size > 0 && overlap(heading, terms) / Math.max(heading.size, terms.size) >= 0.6) used.add(i);
    });
    points.push({ id: uniqueId(`kp-${slug(text)}`), text, core: true, origin: "keyPoints", elaboration });
  }

  // Parts the title names: a title word that leads exactly one section's heading marks that section as core.
  const titleTerms = [...termSet(question.title)].filter((t) => !TITLE_NOISE.has(t));
  const leading = sections.map((s) => termsOf(s.heading).slice(0, 2));
  const named = new Set<number>();
  for (const t of titleTerms) {
    const holders = sections.map((s, i) => (s.kind !== "definition" && leading[i]!.includes(t) ? i : -1)).filter((i) => i >= 0);
    if (holders.length === 1) named.add(holders[0]!);
  }

  let answerCore = 0;
  let extras = 0;
  sections.forEach((s, i) => {
    if (used.has(i) || sectionTerms[i]!.size === 0) return;
    const core = s.kind === "definition" || (named.has(i) && answerCore < MAX_ANSWER_CORE);
    if (core && s.kind !== "definition") answerCore++;
    if (!core && extras >= MAX_EXTRA) return;
    if (!core) extras++;
    const text = s.kind === "definition" ? s.heading : s.heading.replace(/\s+-\s+/, ": ");
    points.push({ id: uniqueId(`${s.kind === "definition" ? "def" : "ref"}-${slug(s.heading)}`), text, core, origin: "answer", elaboration: s.body });
  });

  cache.set(question.id + "\u0000" + question.answer.length, points);
  return points;
}

/** The rubric points of a question: key points first, then points the answer teaches. */
export function rubricPoints(question: Question): RubricPoint[] {
  return rubricDetails(question).map(({ id, text, core, origin }) => ({ id, text, core, origin }));
}
