import type { Heading, List, Nodes, Paragraph, Root, RootContent } from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";
import { toString as plainTextOf } from "mdast-util-to-string";
import { gfmToMarkdown } from "mdast-util-gfm";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { titleWords } from "@/lib/text/words";
import { questionSchema, TRACKS, type Question, type Track } from "./schema";

/** A content file that does not have the shape of a question bank. Names the file and line. */
export class BankFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = "BankFormatError";
  }
}

/** Labels of the list that closes an answer; the seed uses all three. */
const KEY_POINT_LABELS = /^(key points|key features|request flow)\s*:?$/i;
const ANSWER_LABEL = /^answer\s*:?$/i;
const QUESTION_HEADING = /^Q\d+\s*:\s*(.+)$/;

/**
 * Stable question id from the track and title: content words of the title, so editing
 * the answer (or renumbering) never changes it.
 */
export function questionId(track: Track, title: string): string {
  const words = titleWords(title).filter((w) => w !== track);
  return `${track}/${words.slice(0, 5).join("-")}`;
}

/**
 * The track a question belongs to: its `# TRACK` heading, unless the title names another
 * track's framework (the seed files FastAPI questions under FLASK).
 */
function trackOf(heading: Track, title: string): Track {
  const named = TRACKS.filter((t) => new RegExp(`\\b${t}\\b`, "i").test(title));
  return named.length === 1 ? named[0]! : heading;
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 1;
}

function isLabel(node: RootContent, pattern: RegExp): node is Paragraph {
  if (node.type !== "paragraph") return false;
  const [first] = node.children;
  return node.children.length === 1 && first?.type === "strong" && pattern.test(plainTextOf(first).trim());
}

function render(nodes: RootContent[]): string {
  const root: Root = { type: "root", children: nodes };
  return toMarkdown(root, { extensions: [gfmToMarkdown()], bullet: "-", fences: true }).trim();
}

function detectUnterminatedFence(file: string, markdown: string): void {
  let open: { line: number; fence: string } | null = null;
  markdown.split("\n").forEach((text, i) => {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(text);
    if (!m) return;
    if (!open) open = { line: i + 1, fence: m[1]! };
    else if (m[1]![0] === open.fence[0] && m[1]!.length >= open.fence.length && text.trim() === m[1]) open = null;
  });
  if (open) throw new BankFormatError(file, (open as { line: number }).line, "code fence is never closed");
}

/**
 * Parse one bank file. Structure: `# TRACK` headings (DJANGO, FLASK, FASTAPI), under each
 * `## Qn: title` questions, each with a `**Answer:**` label, the answer (code, `###`
 * sub-headings and all) and a closing `**Key Points:**`-style list.
 */
export function parseBank(file: string, markdown: string): Question[] {
  detectUnterminatedFence(file, markdown);
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;

  type Draft = { heading: Heading; track: Track; title: string; body: RootContent[] };
  const drafts: Draft[] = [];
  let track: Track | null = null;
  let current: Draft | null = null;

  for (const node of tree.children) {
    if (node.type === "heading" && node.depth === 1) {
      const name = plainTextOf(node).trim().toLowerCase();
      current = null;
      track = (TRACKS as readonly string[]).includes(name) ? (name as Track) : null;
      continue;
    }
    if (node.type === "heading" && node.depth === 2) {
      const match = QUESTION_HEADING.exec(plainTextOf(node).trim());
      if (match && !track) throw new BankFormatError(file, lineOf(node), "question before any # DJANGO / # FLASK / # FASTAPI heading");
      current = match && track ? { heading: node, track: trackOf(track, match[1]!), title: match[1]!.trim(), body: [] } : null;
      if (current) drafts.push(current);
      continue;
    }
    if (current && node.type !== "thematicBreak") current.body.push(node);
  }

  const seen = new Map<string, number>();
  return drafts.map((draft) => {
    const line = lineOf(draft.heading);
    let body = draft.body;
    const answerAt = body.findIndex((n) => isLabel(n, ANSWER_LABEL));
    if (answerAt >= 0) body = body.slice(answerAt + 1);

    let keyPoints: string[] = [];
    let keyPointsLabel = "";
    const labelAt = body.findLastIndex((n) => isLabel(n, KEY_POINT_LABELS));
    if (labelAt >= 0) {
      const list = body[labelAt + 1];
      if (list?.type !== "list") throw new BankFormatError(file, lineOf(body[labelAt]!), "key-point label is not followed by a list");
      keyPointsLabel = plainTextOf(body[labelAt]!).trim().replace(/:$/, "");
      keyPoints = (list as List).children.map((item) => plainTextOf(item).replace(/\s+/g, " ").trim());
      body = [...body.slice(0, labelAt), ...body.slice(labelAt + 2)];
    }

    const answer = render(body);
    if (!answer) throw new BankFormatError(file, line, `question "${draft.title}" has no answer`);

    const id = questionId(draft.track, draft.title);
    const previous = seen.get(id);
    if (previous) throw new BankFormatError(file, line, `duplicate question id "${id}" (first at line ${previous})`);
    seen.set(id, line);

    return questionSchema.parse({
      id,
      track: draft.track,
      title: draft.title,
      answer,
      keyPoints,
      keyPointsLabel,
      source: { file, line },
    });
  });
}
