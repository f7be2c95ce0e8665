import type { Question } from "@/lib/bank/schema";

/**
 * The passages a query can land on. A question is indexed as several chunks so a narrow
 * query ("what does MEDIA_ROOT do?") matches the one section that talks about it, and the
 * result shows that section as its passage.
 */
export type ChunkKind = "title" | "answer" | "keypoints";

export interface Chunk {
  questionId: string;
  kind: ChunkKind;
  /** The passage shown to the user, as written in the bank (markdown). */
  text: string;
}

/** Sections shorter than this are merged into their neighbour: a lone heading is no passage. */
const MIN_SECTION_CHARS = 160;
/** Sections longer than this are cut at blank lines so one chunk stays about one topic. */
const MAX_SECTION_CHARS = 1400;

/** A top-level Python comment such as `# 2. VIEW - Business logic` or `# QUERYSET FILTERING`. */
const CODE_COMMENT_HEADING = /^#\s+\S/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Split an answer (markdown) into sections at `###` headings, at prose/code boundaries and
 * at the comment headings that organise its code blocks.
 */
export function splitAnswer(markdown: string): string[] {
  const sections: string[][] = [];
  let current: string[] = [];
  let fence: string | null = null;
  let previousBlank = true;

  const startSection = () => {
    if (current.some((l) => l.trim())) sections.push(current);
    current = [];
  };

  for (const line of markdown.split("\n")) {
    const fenceMatch = FENCE.exec(line);
    if (fence === null && fenceMatch) {
      fence = fenceMatch[1]!;
      startSection();
      previousBlank = true;
      continue; // the fence markers themselves are noise in a passage
    }
    if (fence !== null) {
      if (fenceMatch && line.trim() === fenceMatch[1] && fenceMatch[1]![0] === fence[0]) {
        fence = null;
        startSection();
        previousBlank = true;
        continue;
      }
      if (CODE_COMMENT_HEADING.test(line) && previousBlank) startSection();
      current.push(line);
      previousBlank = line.trim() === "" || (CODE_COMMENT_HEADING.test(line) && previousBlank);
      continue;
    }
    if (/^#{1,6}\s/.test(line)) startSection();
    current.push(line);
    previousBlank = line.trim() === "";
  }
  startSection();

  const texts = sections.map((lines) => lines.join("\n").trim()).filter(Boolean);
  return mergeSmall(texts).flatMap(splitLong);
}

function mergeSmall(texts: string[]): string[] {
  const merged: string[] = [];
  let pending = "";
  for (const text of texts) {
    pending = pending ? `${pending}\n\n${text}` : text;
    if (pending.length >= MIN_SECTION_CHARS) {
      merged.push(pending);
      pending = "";
    }
  }
  if (pending) {
    if (merged.length > 0) merged[merged.length - 1] += `\n\n${pending}`;
    else merged.push(pending);
  }
  return merged;
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_SECTION_CHARS) return [text];
  const pieces: string[] = [];
  let current = "";
  for (const block of text.split(/\n\s*\n/)) {
    if (current && current.length + block.length > MAX_SECTION_CHARS) {
      pieces.push(current);
      current = "";
    }
    current = current ? `${current}\n\n${block}` : block;
  }
  if (current) pieces.push(current);
  return pieces;
}

export function chunkQuestion(question: Question): Chunk[] {
  const chunks: Chunk[] = [{ questionId: question.id, kind: "title", text: question.title }];
  for (const text of splitAnswer(question.answer)) chunks.push({ questionId: question.id, kind: "answer", text });
  if (question.keyPoints.length > 0) {
    const label = question.keyPointsLabel || "Key Points";
    chunks.push({
      questionId: question.id,
      kind: "keypoints",
      text: `${label}:\n${question.keyPoints.map((p) => `- ${p}`).join("\n")}`,
    });
  }
  return chunks;
}
