import { getBank } from "@/lib/bank/load";
import { processWide } from "@/lib/process-wide";
import type { Question } from "@/lib/bank/schema";

/**
 * The bank's technical vocabulary (select_related, ASGI, Jinja2, Blueprint, ...): what a
 * speech recogniser is likely to mangle. It is passed to the transcription model as a prompt
 * hint and used to count the technical terms a spoken answer uses.
 */

export interface Vocabulary {
  /** Every term, most frequent in the bank first. */
  terms: string[];
  /** Terms per question id, most frequent in that question first. */
  byQuestion: Map<string, string[]>;
}

/** Python keywords, builtins and everyday code words: in the bank's code but not worth hinting. */
const COMMON_CODE = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield " +
    "self cls print len str int float bool dict list set tuple type object super range open isinstance Exception ValueError KeyError TypeError " +
    "id name value key data item items result response request user users app db models views forms views.py " +
    "HTML CSS URL URLs API APIs HTTP HTTPS GET POST PUT PATCH DELETE OK ID IDs JSON TODO NOTE"
  ).split(/\s+/),
);

/** A token that looks like an identifier rather than an English word. */
function isTechnical(token: string, fromCode: boolean): boolean {
  if (token.length < 2 || token.length > 40 || COMMON_CODE.has(token)) return false;
  if (/^\d/.test(token)) return false;
  if (/_/.test(token) && /[a-z]/i.test(token)) return true; // select_related, __init__, MAX_AGE
  if (/^@[A-Za-z_]/.test(token)) return true; // @login_required
  if (/[a-z][A-Z]/.test(token)) return true; // FastAPI, SQLAlchemy, ModelForm
  if (/^[A-Z]{2,6}$/.test(token)) return true; // ASGI, ORM, CSRF
  if (/[A-Za-z]{2,}\d/.test(token) && /[a-z]/.test(token)) return true; // Jinja2, OAuth2
  if (/^[A-Za-z_]\w*\.py$/.test(token)) return true; // settings.py, models.py
  // Class names in code (Blueprint, Depends, Flask); in prose a capital may just start a sentence.
  return fromCode && /^[A-Z][a-z]{2,}$/.test(token);
}

function tokens(text: string): string[] {
  return (text.match(/@?[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/g) ?? []).flatMap((t) => {
    // "models.CharField" → "models", "CharField": dotted paths hint their parts; file names stay whole.
    if (/^[A-Za-z_]\w*\.py$/.test(t)) return [t];
    const [first, ...rest] = t.split(".");
    return [first ?? "", ...rest];
  });
}

/** Code without comments and string literals: those are English, sample data or markup (comments are read as prose). */
function withoutStrings(code: string): string {
  return code.replace(/("""|''')[\s\S]*?\1/g, " ").replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ");
}

function codeOnly(code: string): string {
  return withoutStrings(code)
    .replace(/#[^\n]*/g, " ")
    .replace(/\{#[\s\S]*?#\}|<!--[\s\S]*?-->/g, " ");
}

/**
 * Names the bank's examples define themselves (`class BookForm`, `def add_book`, `main_bp = ...`):
 * sample names, not vocabulary a candidate needs recognised.
 */
function definedNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/\b(?:class|def)\s+([A-Za-z_]\w*)|^\s*([A-Za-z_]\w*)\s*(?::[^=\n]*)?=(?!=)/gm)) {
    const name = m[1] ?? m[2];
    if (name && !name.startsWith("__")) names.add(name);
  }
  return names;
}

/** Headings written in capitals ("# 1. MODEL - Database layer") are shouting, not acronyms. */
function shouting(line: string): boolean {
  const letters = line.replace(/[^A-Za-z]/g, "");
  return letters.length >= 4 && letters.replace(/[^A-Z]/g, "").length / letters.length > 0.6;
}

/** Tokens of prose or comments, line by line, without the all-caps words of shouting lines. */
function proseTokens(text: string): string[] {
  return text.split("\n").flatMap((line) => (shouting(line) ? tokens(line).filter((t) => !/^[A-Z]+$/.test(t)) : tokens(line)));
}

const CODE = /```[^\n]*\n([\s\S]*?)```|`([^`\n]+)`/g;

/** Technical terms of one question with their counts: code blocks, inline code, then prose. */
function termsOfQuestion(q: Question, defined: Set<string>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string, fromCode: boolean) => {
    if (defined.has(term.replace(/^@/, ""))) return;
    if (isTechnical(term, fromCode)) counts.set(term, (counts.get(term) ?? 0) + 1);
  };
  const text = [q.title, q.answer, ...q.keyPoints].join("\n");
  for (const m of text.matchAll(CODE)) {
    const code = m[1] ?? m[2] ?? "";
    for (const t of tokens(codeOnly(code))) add(t, true);
    for (const comment of withoutStrings(code).match(/#[^\n]*/g) ?? []) for (const t of proseTokens(comment)) add(t, false);
  }
  // Prose (code removed): only unmistakable identifiers count, e.g. ASGI or Jinja2.
  for (const t of proseTokens(text.replace(CODE, " "))) add(t, false);
  return counts;
}

function byCount(counts: Map<string, number>): string[] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

export function buildVocabulary(bank: Question[]): Vocabulary {
  const total = new Map<string, number>();
  const byQuestion = new Map<string, string[]>();
  const defined = new Set<string>();
  for (const q of bank) {
    for (const m of q.answer.matchAll(CODE)) if (m[1]) for (const name of definedNames(codeOnly(m[1]))) defined.add(name);
  }
  for (const q of bank) {
    const counts = termsOfQuestion(q, defined);
    byQuestion.set(q.id, byCount(counts));
    for (const [t, n] of counts) total.set(t, (total.get(t) ?? 0) + n);
  }
  return { terms: byCount(total), byQuestion };
}

/** The vocabulary of the whole bank, built once per process (lib/process-wide.ts). */
export function getVocabulary(): Vocabulary {
  return processWide("voice-vocabulary", () => buildVocabulary(getBank()));
}

/** Whisper reads only the last ~224 tokens of a prompt; stay well under that. */
const PROMPT_CHARS = 600;

/**
 * The prompt hint for a transcription: the question's own terms first, then the bank's most
 * frequent ones, as a comma-separated list (the form Whisper's prompting guide suggests).
 */
export function transcriptionPrompt(vocabulary: Vocabulary, questionId?: string): string {
  const ordered = [...(questionId ? (vocabulary.byQuestion.get(questionId) ?? []) : []), ...vocabulary.terms];
  const picked: string[] = [];
  let length = 0;
  for (const term of new Set(ordered)) {
    if (length + term.length + 2 > PROMPT_CHARS) break;
    picked.push(term);
    length += term.length + 2;
  }
  return `Technical interview answer about Python web frameworks (Django, Flask, FastAPI). Terms: ${picked.join(", ")}.`;
}
