/**
 * Drafting a grading pack with an LLM, for a bank the team did not write: the model is asked for
 * what an expert would hand a new interviewer about one question (many ways to say each rubric
 * point, near-misses, misconceptions, off-topic neighbours, lay questions, a spoken model answer),
 * and the result is checked like a hand-written pack (pack.ts) before anything is written. The
 * user reviews the files; the offline judge then grades that bank without a key.
 */
import { generateText, Output, type LanguageModel } from "ai";
import { z } from "zod";
import type { Question } from "@/lib/bank/schema";
import type { RubricPoint } from "./assessment";
import { parsePack, type Pack } from "@/lib/bank/pack";
import { slug } from "./rubric";

/** What the model returns: arrays instead of records (strict structured output has no open-keyed objects). */
export const packDraftSchema = z.object({
  points: z.array(z.object({ id: z.string(), says: z.array(z.string()), nearMisses: z.array(z.string()) })),
  misconceptions: z.array(z.object({ point: z.string().nullable(), says: z.array(z.string()), correction: z.string() })),
  offTopic: z.array(z.string()),
  askedAs: z.array(z.string()),
  modelAnswer: z.string(),
});
export type PackDraft = z.infer<typeof packDraftSchema>;

export const PACK_DRAFT_VERSION = "draft-1";

const INSTRUCTIONS = `You are a senior engineer and experienced technical interviewer. You write grading material that teaches an offline grader how candidates answer one interview question. Write from your knowledge of the framework and the reference answer; where the reference is wrong or dated, the correct fact wins.
Return JSON only, matching the schema:
- points: for EVERY rubric point id given (use the ids exactly), "says": 20 or more different ways a candidate states the point correctly, each one sentence or clause of at most 40 words, in varied styles: typed and spoken (lowercase, "um", "so basically", restarts, code spoken aloud like "app dot route"), expert and junior, with and without the reference's words, plain-word paraphrases; and "nearMisses": 4 or more statements that share the point's vocabulary but do not establish it.
- misconceptions: 8 or more wrong ideas candidates really hold about this topic (right vocabulary, wrong mechanism; swapped pairs; confusion with another framework), each with "point" (the rubric point id it contradicts, or null), "says" (5 or more phrasings, as minimal pairs of correct "says" where possible) and "correction" (one or two sentences stating what is true).
- offTopic: 15 or more snippets of fluent answers to neighbouring topics that do not answer this question (another framework, another question, the same word in another sense).
- askedAs: 12 or more ways a candidate would ask an interviewer about this topic, lay and expert.
- modelAnswer: a strong answer as a candidate would say it aloud: no code, no markdown, 120 to 250 words.`;

function promptFor(question: Question, points: RubricPoint[]): string {
  const rubric = points
    .map((p) => `- ${p.id}: ${p.label ?? p.text}${p.core ? " (core)" : ""}${p.correction ? ` [the reference is wrong here: ${p.correction}]` : ""}`)
    .join("\n");
  return `Question: ${question.title}\n\nReference answer:\n${question.answer}\n\nRubric point ids:\n${rubric}`;
}

function uniqueSlug(text: string, taken: Set<string>): string {
  const base = slug(text, "misconception");
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

/** The draft as pack JSON, validated against the question's rubric exactly like a hand-written pack. */
export function packFromDraft(question: Question, points: RubricPoint[], draft: PackDraft, file: string): Pack {
  const known = new Set(points.map((p) => p.id));
  const taken = new Set<string>();
  const json = {
    questionId: question.id,
    version: PACK_DRAFT_VERSION,
    points: Object.fromEntries(draft.points.filter((p) => known.has(p.id)).map((p) => [p.id, { says: p.says, nearMisses: p.nearMisses }])),
    misconceptions: draft.misconceptions.map((m) => ({
      id: uniqueSlug(m.says[0] ?? m.correction, taken),
      ...(m.point && known.has(m.point) ? { point: m.point } : {}),
      says: m.says,
      correction: m.correction,
    })),
    offTopic: draft.offTopic,
    askedAs: draft.askedAs,
    modelAnswer: draft.modelAnswer,
  };
  const missing = points.filter((p) => !(p.id in json.points)).map((p) => p.id);
  if (missing.length) throw new Error(`the draft has no phrasings for rubric point(s) ${missing.join(", ")}`);
  return parsePack(file, JSON.stringify(json), question, [...known]);
}

/** One question's pack, drafted by `model` and validated; throws with a readable reason when the draft is unusable. */
export async function draftPack(model: LanguageModel, question: Question, points: RubricPoint[], file: string, timeoutMs: number): Promise<Pack> {
  const { output } = await generateText({
    model,
    instructions: INSTRUCTIONS,
    prompt: promptFor(question, points),
    output: Output.object({ schema: packDraftSchema, name: "grading_pack" }),
    temperature: 0.7,
    maxOutputTokens: 16_000,
    abortSignal: AbortSignal.timeout(timeoutMs),
  });
  return packFromDraft(question, points, output, file);
}
