import type { Question } from "@/lib/bank/schema";
import { cosine, type SparseVector } from "@/lib/text/features";

/**
 * The pieces an extractive answer is made of: the reference's prose sentences (bullets included),
 * its key points, and its code as small snippets (a comment line and the lines under it, up to a
 * blank line), so "select_related vs prefetch_related" can quote the two lines about them rather
 * than the ORM's whole code block.
 */
export type UnitKind = "sentence" | "keypoint" | "code";

export interface AnswerUnit {
  kind: UnitKind;
  text: string;
  /** Position in the reference: units are quoted in reading order. */
  order: number;
  /**
   * For a piece of a long snippet, the snippet's comment repeated above it. Every piece shares it,
   * so a piece is ranked by its own lines too: otherwise the pieces tie and the first one (a
   * function's header) wins over the lines that answer.
   */
  label?: string;
  /**
   * For a list's intro sentence ("This enables:") and its items, the intro's order: they are quoted
   * together, as an intro alone promises a list and an item alone lacks what it is a list of.
   */
  list?: number;
  /** For code under a heading ("### Flask-SQLAlchemy (ORM)"), the heading: it names what the code is. For a key point, its list's label. */
  heading?: string;
}

/** A code snippet, with the comment that labels it when it is a piece of a longer one. */
interface Snippet {
  code: string;
  label?: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
/** Snippets longer than this are cut: a quote shows the relevant lines, not a page of code. */
const MAX_SNIPPET_LINES = 10;

function stripMarkdown(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, "$1")
    .replace(/^#{1,6}\s+/, "")
    .trim();
}

interface ProseUnit {
  text: string;
  /** Index in the returned list of the intro sentence of the list this unit belongs to. */
  list?: number;
}

const LIST_ITEM = /^([-*]|\d+\.)\s+/;

/**
 * Prose split into sentences; list items and headings are units of their own. A sentence ending in
 * ":" right before list items is the list's intro: it and the items share `list`.
 */
function proseUnits(lines: string[]): ProseUnit[] {
  const out: ProseUnit[] = [];
  let intro: number | null = null;
  for (const raw of lines) {
    // Headings name a section; the section's sentences say what it is.
    if (/^#{1,6}\s/.test(raw.trim())) continue;
    const line = stripMarkdown(raw);
    if (!line) continue;
    if (LIST_ITEM.test(line)) {
      const previous = out.at(-1);
      if (intro === null && previous && previous.list === undefined && previous.text.endsWith(":") && !LIST_ITEM.test(previous.text)) {
        intro = out.length - 1;
        previous.list = intro;
      }
      out.push(intro === null ? { text: line } : { text: line, list: intro });
      continue;
    }
    intro = null;
    out.push(
      ...line
        .split(/(?<=[.!?])\s+(?=[A-Z`*])/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((text) => ({ text })),
    );
  }
  return out;
}

const IMPORT = /^(from \S+ import |import )/;

const COMMENTED_CODE = /^\s*#\s*\S+[.(=]/;

/** A line that starts a new snippet after a blank line: a top-level comment, decorator, def or class. */
const SNIPPET_START = /^(#|@|def |async def |class )/;

/**
 * Code split into snippets: a blank line followed by a top-level comment, decorator, def or class
 * starts a new one, so a function stays whole with its body and a comment labels the statements
 * under it. A snippet longer than MAX_SNIPPET_LINES is cut at its blank lines, each piece keeping
 * the snippet's comment as its label.
 */
function codeSnippets(lines: string[]): Snippet[] {
  const groups: string[][] = [];
  let current: string[] = [];
  let blank = false;
  for (const line of lines) {
    if (!line.trim()) {
      blank = true;
      current.push("");
      continue;
    }
    if (blank && SNIPPET_START.test(line) && current.some((l) => l.trim())) {
      groups.push(current);
      current = [];
    }
    blank = false;
    current.push(line);
  }
  groups.push(current);
  // Imports alone (with a comment or not) say little and match every query about their names: they go
  // with the code after them.
  const isImports = (g: string[]) => g.some((l) => IMPORT.test(l)) && g.every((l) => !l.trim() || IMPORT.test(l) || /^\s*#/.test(l));
  for (let i = groups.length - 2; i >= 0; i--) {
    if (isImports(groups[i]!)) groups.splice(i, 2, [...groups[i]!, ...groups[i + 1]!]);
  }
  const out: Snippet[] = [];
  for (const group of groups) {
    const body = group.filter((l) => l.trim());
    // A snippet of only comments says nothing on its own (a section heading), unless a comment is
    // commented-out code ("# app.register_blueprint(main_bp)").
    if (!body.some((l) => !/^\s*#/.test(l) || COMMENTED_CODE.test(l))) continue;
    if (body.length <= MAX_SNIPPET_LINES) {
      out.push({ code: body.join("\n") });
      continue;
    }
    const label = /^#/.test(body[0]!) ? body[0]! : null;
    let piece: string[] = [];
    const pieces: string[][] = [];
    const flush = () => {
      const lines = piece.filter((l) => l.trim());
      piece = [];
      // A piece of only imports (the snippet's head, cut off from the code using them) says nothing alone.
      if (!lines.some((l) => !/^\s*#/.test(l)) || isImports(lines)) return;
      // A one-line indented tail ("    return response") ends the block above it: quoted alone it says nothing.
      const previous = pieces.at(-1);
      const statements = lines.filter((l) => !/^\s*#/.test(l));
      if (previous && statements.length === 1 && /^\s/.test(statements[0]!)) previous.push(...lines);
      else pieces.push(lines);
    };
    for (const line of group) {
      if (!line.trim() && piece.some((l) => l.trim())) flush();
      else if (line.trim()) piece.push(line);
    }
    flush();
    for (const lines of pieces) {
      // The tail may take a piece one line past MAX_SNIPPET_LINES.
      if (label && lines[0] !== label) out.push({ code: [label, ...lines].slice(0, MAX_SNIPPET_LINES + 1).join("\n"), label });
      else out.push({ code: lines.slice(0, MAX_SNIPPET_LINES + 1).join("\n") });
    }
  }
  return out;
}

export function answerUnits(question: Question): AnswerUnit[] {
  const units: AnswerUnit[] = [];
  const push = (kind: UnitKind, text: string, label?: string) => units.push({ kind, text, order: units.length, ...(label ? { label } : {}) });
  const pushProse = (lines: string[]) => {
    const start = units.length;
    for (const s of proseUnits(lines)) {
      push("sentence", s.text);
      if (s.list !== undefined) units.at(-1)!.list = start + s.list;
    }
  };
  let prose: string[] = [];
  let code: string[] | null = null;
  let language = "";
  let heading: string | undefined;
  for (const line of question.answer.split("\n")) {
    const fence = FENCE.exec(line);
    if (code === null && fence) {
      const lastLine =
        prose
          .filter((l) => l.trim())
          .at(-1)
          ?.trim() ?? "";
      heading = /^#{1,6}\s/.test(lastLine) ? stripMarkdown(lastLine) : undefined;
      pushProse(prose);
      prose = [];
      code = [];
      language = fence[2] ?? "";
      continue;
    }
    if (code !== null) {
      if (fence && line.trim() === fence[1]) {
        for (const s of codeSnippets(code)) {
          push("code", language ? `${language}\n${s.code}` : s.code, s.label);
          if (heading) units.at(-1)!.heading = heading;
        }
        code = null;
      } else code.push(line);
      continue;
    }
    prose.push(line);
  }
  pushProse(prose);
  if (code) for (const s of codeSnippets(code)) push("code", s.code, s.label);
  // Key points keep their list's label ("Request Flow", "Key Features"): quoted without it, steps of a
  // flow read as loose claims.
  for (const k of question.keyPoints) {
    push("keypoint", k);
    if (question.keyPointsLabel) units.at(-1)!.heading = question.keyPointsLabel;
  }
  return units;
}

/** The code of a code unit without its language line. */
export function codeOf(unit: AnswerUnit): { language: string; code: string } {
  const [first, ...rest] = unit.text.split("\n");
  return /^[\w+-]+$/.test(first ?? "") && rest.length > 0 ? { language: first!, code: rest.join("\n") } : { language: "", code: unit.text };
}

export interface VectorUnit extends AnswerUnit {
  vector: SparseVector;
  /** A labelled piece's own lines, without the label. */
  bodyVector?: SparseVector;
}

export interface ScoredUnit extends AnswerUnit {
  relevance: number;
}

/** Units with their features (code without its language line), computed once per question. */
export function vectorUnits(units: AnswerUnit[], vectorize: (text: string) => SparseVector): VectorUnit[] {
  return units.map((u) => {
    const text = u.kind === "code" ? codeOf(u).code : u.text;
    const vector = vectorize(text);
    return u.label ? { ...u, vector, bodyVector: vectorize(text.split("\n").slice(1).join("\n")) } : { ...u, vector };
  });
}

/**
 * Each unit's relevance to the query: cosine in the router's feature space; for a labelled piece,
 * the mean of that and its own lines' cosine.
 */
export function rankUnits(units: VectorUnit[], query: SparseVector): ScoredUnit[] {
  return units.map(({ vector, bodyVector, ...u }) => ({
    ...u,
    relevance: bodyVector ? (cosine(query, vector) + cosine(query, bodyVector)) / 2 : cosine(query, vector),
  }));
}
