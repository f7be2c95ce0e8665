/**
 * Spoken-style answers ("um so you call form dot is valid") are normalised before matching,
 * never penalised: fillers and restarts are dropped, spoken code is rebuilt
 * ("form dot is valid" → form.is_valid, "at login required" → @login_required). Every
 * normalised token keeps the character range it came from, so evidence quoted from the
 * normalised text is always a verbatim span of what the candidate actually wrote.
 */
import { TOKEN_PATTERN, wordsOf } from "./terms";

export interface AnswerToken {
  /** Normalised text of the token, e.g. "form.is_valid". */
  text: string;
  /** Character range in the original answer (end exclusive). */
  start: number;
  end: number;
  /** Index of the sentence (or line) of the original answer the token starts in. */
  sentence: number;
}

export interface NormalizedAnswer {
  original: string;
  tokens: AnswerToken[];
  /** The tokens joined by spaces: the answer as the matcher reads it. */
  text: string;
}

export interface NormalizeOptions {
  /**
   * Known identifiers (e.g. from the reference code: "select_related", "login_required").
   * Spoken word runs that spell one ("select related") are joined into it.
   */
  identifiers?: Iterable<string>;
}

const FILLERS = new Set(["um", "umm", "uh", "uhh", "er", "erm", "hmm", "uhm", "ah", "mm", "mhm"]);
const FILLER_PHRASES = [["you", "know"], ["i", "mean"]];
/** Discourse markers that are filler only at the start of a sentence. */
const OPENERS = new Set(["so", "okay", "ok", "well", "yeah", "right", "basically", "alright", "anyway"]);
const SPOKEN_SUFFIX = new Set(["py", "html", "txt", "json", "cfg", "toml", "yml", "yaml", "js", "css"]);

/** Sentence boundaries: . ! ? ; or a newline, outside a token. */
function sentenceIndexer(text: string): (offset: number) => number {
  const boundaries: number[] = [];
  for (const m of text.matchAll(/[.!?;]+(?=\s|$)|\n+/g)) boundaries.push(m.index);
  return (offset) => {
    let n = 0;
    while (n < boundaries.length && boundaries[n]! < offset) n++;
    return n;
  };
}

function rawTokens(original: string): AnswerToken[] {
  const sentenceOf = sentenceIndexer(original);
  const tokens: AnswerToken[] = [];
  for (const m of original.matchAll(TOKEN_PATTERN)) {
    const text = m[0].replace(/’/g, "'");
    tokens.push({ text: text.toLowerCase(), start: m.index, end: m.index + m[0].length, sentence: sentenceOf(m.index) });
  }
  return tokens;
}

function merge(parts: AnswerToken[], text: string): AnswerToken {
  return { text, start: parts[0]!.start, end: parts[parts.length - 1]!.end, sentence: parts[0]!.sentence };
}

function dropFillers(tokens: AnswerToken[]): AnswerToken[] {
  const out: AnswerToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (FILLERS.has(t.text)) continue;
    const phrase = FILLER_PHRASES.find((p) => p.every((w, k) => tokens[i + k]?.text === w));
    // "you know" is filler unless it introduces an object ("you know the id").
    if (phrase && !(phrase[0] === "you" && /^(the|that|which|what|how|if)$/.test(tokens[i + 2]?.text ?? ""))) {
      i += phrase.length - 1;
      continue;
    }
    const prev = out[out.length - 1];
    const sentenceStart = !prev || prev.sentence !== t.sentence;
    if (sentenceStart && OPENERS.has(t.text)) continue;
    // "like" as filler: at a sentence start, or right after another filler or opener.
    const previousRaw = tokens[i - 1];
    const nextRaw = tokens[i + 1];
    const hedge = previousRaw && /^(it's|that's|is|was|'s)$/.test(previousRaw.text) && nextRaw && !/^(a|an|the|this|that|any|some|one)$/.test(nextRaw.text);
    if (t.text === "like" && (sentenceStart || hedge || (previousRaw && (FILLERS.has(previousRaw.text) || OPENERS.has(previousRaw.text))))) continue;
    if (t.text === "basically") continue;
    out.push(t);
  }
  return out;
}

/** Restarts: an immediately repeated run of 1–4 tokens ("the the", "where you put the where you put the"). */
function dropRestarts(tokens: AnswerToken[]): AnswerToken[] {
  const out: AnswerToken[] = [];
  for (const t of tokens) {
    out.push(t);
    for (let n = 4; n >= 1; n--) {
      if (out.length < 2 * n) continue;
      const a = out.slice(out.length - 2 * n, out.length - n).map((x) => x.text);
      const b = out.slice(out.length - n).map((x) => x.text);
      if (a.join(" ") === b.join(" ") && !/^\d+$/.test(a.join(""))) {
        out.splice(out.length - n, n);
        break;
      }
    }
  }
  return out;
}

function isWord(t: AnswerToken | undefined): t is AnswerToken {
  return Boolean(t && /^[a-z_][a-z0-9_.]*$/.test(t.text));
}

/** "x dot y", "x underscore y", "dunder init", "double underscore init", "apps py". */
function rebuildSpokenCode(tokens: AnswerToken[]): AnswerToken[] {
  const out: AnswerToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const prev = out[out.length - 1];
    const next = tokens[i + 1];
    if ((t.text === "dot" || t.text === "underscore") && isWord(prev) && isWord(next)) {
      out[out.length - 1] = merge([prev, next], prev.text + (t.text === "dot" ? "." : "_") + next.text);
      i++;
      continue;
    }
    // "double curly braces" / "curly brackets" → {{, "percent" inside template talk → {%.
    if (t.text === "curly" && /^(braces?|brackets?)$/.test(next?.text ?? "")) {
      if (prev?.text === "double") out.pop();
      out.push(merge([prev?.text === "double" ? prev : t, next!], "{{"));
      i++;
      continue;
    }
    if (t.text === "percent" && /^(ones?|signs?|tags?|braces?|blocks?)$/.test(next?.text ?? "")) {
      out.push(merge([t, next!], "{%"));
      i++;
      continue;
    }
    if (t.text === "dunder" && isWord(next)) {
      out.push(merge([t, next], `__${next.text}__`));
      i++;
      continue;
    }
    if (t.text === "double" && tokens[i + 1]?.text === "underscore" && isWord(tokens[i + 2])) {
      const name = tokens[i + 2]!;
      const closes = tokens[i + 3]?.text === "double" && tokens[i + 4]?.text === "underscore";
      out.push(merge(closes ? [t, tokens[i + 4]!] : [t, name], `__${name.text}__`));
      i += closes ? 4 : 2;
      continue;
    }
    if (SPOKEN_SUFFIX.has(t.text) && isWord(prev) && prev.sentence === t.sentence && /^(apps|models|views|urls|settings|forms|admin|tests|signals|base|index|config|main|conftest|manage|wsgi|asgi|requirements|pyproject|setup|package|__init__)$/.test(prev.text)) {
      out[out.length - 1] = merge([prev, t], `${prev.text}.${t.text}`);
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Join spoken word runs that spell a known identifier; "at" before one makes it a decorator. */
function joinIdentifiers(tokens: AnswerToken[], identifiers: Map<string, string>, longest: number): AnswerToken[] {
  if (identifiers.size === 0) return tokens;
  const out: AnswerToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const at = t.text === "at" ? 1 : 0;
    let joined: AnswerToken | null = null;
    for (let n = Math.min(longest, tokens.length - i - at); n >= 2; n--) {
      const run = tokens.slice(i + at, i + at + n);
      if (!run.every(isWord) || run.some((r) => r.sentence !== t.sentence)) continue;
      const key = run.map((r) => r.text).join(" ");
      const identifier = identifiers.get(key);
      if (!identifier) continue;
      joined = merge(at ? [t, ...run] : run, (at ? "@" : "") + identifier);
      i += at + n - 1;
      break;
    }
    out.push(joined ?? t);
  }
  return out;
}

function identifierIndex(identifiers: Iterable<string>): { map: Map<string, string>; longest: number } {
  const map = new Map<string, string>();
  let longest = 0;
  for (const id of identifiers) {
    const clean = id.replace(/^@/, "").replace(/\(\)$/, "");
    if (!clean.includes("_")) continue;
    const words = wordsOf(clean);
    if (words.length < 2) continue;
    map.set(words.join(" "), clean.toLowerCase());
    longest = Math.max(longest, words.length);
  }
  return { map, longest };
}

export function normalizeAnswer(original: string, options: NormalizeOptions = {}): NormalizedAnswer {
  const { map, longest } = identifierIndex(options.identifiers ?? []);
  let tokens = rawTokens(original);
  tokens = dropFillers(tokens);
  tokens = dropRestarts(tokens);
  // Identifiers first, so "form dot is valid" becomes form . is_valid, then form.is_valid.
  tokens = joinIdentifiers(tokens, map, longest);
  tokens = rebuildSpokenCode(tokens);
  return { original, tokens, text: tokens.map((t) => t.text).join(" ") };
}

/** The original text behind tokens[from..to] (inclusive), verbatim. */
export function originalSpan(answer: NormalizedAnswer, from: number, to: number): string {
  const a = answer.tokens[from];
  const b = answer.tokens[to];
  if (!a || !b) return "";
  return answer.original.slice(a.start, b.end);
}
