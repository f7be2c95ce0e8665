import type { BlockContent, Content, Heading, ListItem, Root, RootContent, TableRow } from "mdast";
import { gfmToMarkdown } from "mdast-util-gfm";
import { toMarkdown } from "mdast-util-to-markdown";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { z } from "zod";
import { TRACK_LABELS } from "@/lib/bank/schema";
import { bandOf, publicGraderInfo, type GraderInfo, type Verdict } from "@/lib/grading/assessment";
import { answerRecordSchema, publicSessionRecord, sessionRecordSchema, type AnswerRecord, type SessionRecord } from "./records";
import { reviewStateSchema, type ReviewState } from "./scheduling";

/**
 * Reports are built as a markdown syntax tree and serialised by mdast-util-to-markdown, so whatever the
 * candidate typed (asterisks, pipes, "# headings") is escaped and cannot break the report's structure.
 */

const VERDICT_LABEL: Record<Verdict, string> = {
  covered: "✓ covered",
  partial: "~ partial",
  missed: "✗ missed",
  contradicted: "✗ contradicted",
};

export function graderLabel(stored: GraderInfo): string {
  const grader = publicGraderInfo(stored);
  if (grader.kind === "llm") return `LLM judge${grader.model ? ` (${grader.model})` : ""}`;
  return grader.fallbackReason ? `local judge (LLM unavailable: ${grader.fallbackReason})` : "local judge";
}

const text = (value: string) => ({ type: "text" as const, value });
const strong = (value: string) => ({ type: "strong" as const, children: [text(value)] });
const heading = (depth: Heading["depth"], value: string): Heading => ({ type: "heading", depth, children: [text(value)] });
const paragraph = (...children: Extract<Content, { type: "text" | "strong" | "inlineCode" }>[]) => ({ type: "paragraph" as const, children });
const listItem = (...children: BlockContent[]): ListItem => ({ type: "listItem", spread: false, children });
const row = (cells: string[]): TableRow => ({ type: "tableRow", children: cells.map((c) => ({ type: "tableCell", children: [text(c)] })) });

/** The candidate's own words, quoted as plain text: paragraphs kept, markdown not interpreted. */
function quoted(words: string): RootContent {
  const paragraphs = words.trim() === "" ? ["(no answer)"] : words.trim().split(/\n\s*\n/);
  return { type: "blockquote", children: paragraphs.map((p) => paragraph(text(p))) };
}

/** The improved answer is the judge's own markdown (code fences included); its headings are pushed below ours. */
function embeddedMarkdown(markdown: string): RootContent[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  for (const node of tree.children) {
    if (node.type === "heading") node.depth = Math.min(6, node.depth + 3) as Heading["depth"];
  }
  return tree.children;
}

function answerSection(a: AnswerRecord, n: number): RootContent[] {
  const nodes: RootContent[] = [
    heading(3, `${n}. ${a.questionTitle}`),
    paragraph(
      strong(`Score ${a.score}/10 (${bandOf(a.score)})`),
      text(` · graded by ${graderLabel(a.grader)} · ${a.answeredAt.toISOString().slice(0, 16).replace("T", " ")} UTC`),
    ),
    heading(4, "Key points"),
  ];
  nodes.push(
    a.keyPoints.length === 0
      ? paragraph(text("No key points were judged."))
      : {
          type: "list",
          ordered: false,
          spread: false,
          children: a.keyPoints.map((kp) =>
            listItem(paragraph(strong(VERDICT_LABEL[kp.verdict]), text(`${kp.recoveredAfterFollowUp ? " (after a follow-up)" : ""}: ${kp.text}`))),
          ),
        },
  );
  nodes.push(heading(4, "Your answer"), quoted(a.answer));
  for (const f of a.followUps) {
    nodes.push(heading(4, "Follow-up"), paragraph(text(f.question)), quoted(f.answer));
  }
  if (a.improvedAnswer.trim() !== "") nodes.push(heading(4, "Improved answer"), ...embeddedMarkdown(a.improvedAnswer));
  return nodes;
}

function sessionSection(s: SessionRecord): RootContent[] {
  const track = s.track === "all" ? "All tracks" : TRACK_LABELS[s.track];
  const scores = s.answers.map((a) => a.score);
  const average = scores.length ? (scores.reduce((x, y) => x + y, 0) / scores.length).toFixed(1) : "–";
  return [
    heading(2, `${track} ${s.mode} session, ${s.startedAt.toISOString().slice(0, 10)}`),
    paragraph(text(`${s.answers.length} answer${s.answers.length === 1 ? "" : "s"}, average score ${average}/10.`)),
    ...(s.answers.length
      ? [
          {
            type: "table" as const,
            align: [null, null, "right" as const, null],
            children: [
              row(["#", "Question", "Score", "Graded by"]),
              ...s.answers.map((a, i) => row([String(i + 1), a.questionTitle, `${a.score}/10`, graderLabel(a.grader)])),
            ],
          },
        ]
      : []),
    ...s.answers.flatMap((a, i) => answerSection(a, i + 1)),
  ];
}

/** A Markdown report of the given sessions: scores, key points, the candidate's answers, improved answers. */
export function buildMarkdownReport(sessions: readonly SessionRecord[], generatedAt: Date): string {
  const root: Root = {
    type: "root",
    children: [
      heading(1, "Rehearse report"),
      paragraph(
        text(`Generated ${generatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ${sessions.length} session${sessions.length === 1 ? "" : "s"}.`),
      ),
      ...(sessions.length ? sessions.flatMap(sessionSection) : [paragraph(text("No sessions yet."))]),
    ],
  };
  return toMarkdown(root, { extensions: [gfmToMarkdown()], bullet: "-", fences: true });
}

/** Exported answers leave out the identity: the file is the candidate's, not their cookie's. */
export const exportedSessionSchema = sessionRecordSchema.extend({
  answers: z.array(answerRecordSchema.omit({ identityId: true })),
});

/**
 * The JSON export. Dates are ISO strings in the file and Dates once parsed; `version` is bumped when a
 * field changes meaning, so a reader can refuse what it does not understand.
 */
export const EXPORT_VERSION = 1;
export const exportDocumentSchema = z.object({
  format: z.literal("rehearse-export"),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.coerce.date(),
  sessions: z.array(exportedSessionSchema),
  /** The spaced-repetition state of every key point, when the whole history is exported. */
  reviewStates: z.array(reviewStateSchema),
});
export type ExportDocument = z.infer<typeof exportDocumentSchema>;

export function buildJsonExport(sessions: readonly SessionRecord[], reviewStates: readonly ReviewState[], exportedAt: Date): ExportDocument {
  return exportDocumentSchema.parse({
    format: "rehearse-export",
    version: EXPORT_VERSION,
    exportedAt,
    sessions: sessions.map(publicSessionRecord).map((s) => ({ ...s, answers: s.answers.map(({ identityId: _omit, ...rest }) => rest) })),
    reviewStates,
  });
}
