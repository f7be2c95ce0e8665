/**
 * Turns question text (with markdown and code identifiers) into text a speech synthesiser reads
 * the way an interviewer would say it: `select_related` → "select related", `@login_required` →
 * "at login required", `__init__.py` → "dunder init dot py", `ASGI` → "A S G I".
 * Pure: the same function serves the browser's speechSynthesis and tests.
 */

/** All-caps words that people say as words, not letter by letter. */
const SAID_AS_WORDS = new Set([
  "GET",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "HEAD",
  "OPTIONS",
  "JSON",
  "REST",
  "CORS",
  "CRUD",
  "AJAX",
  "YAML",
  "NULL",
  "TRUE",
  "FALSE",
  "NONE",
  "OAUTH",
  "SAML",
  "ASAP",
]);

/** Acronyms with a conventional spoken form. */
const SPOKEN_AS: Record<string, string> = {
  SQL: "sequel",
  GUI: "gooey",
};

function spellAcronym(word: string): string {
  if (SPOKEN_AS[word]) return SPOKEN_AS[word];
  if (SAID_AS_WORDS.has(word)) return word.charAt(0) + word.slice(1).toLowerCase();
  return word.split("").join(" ");
}

/** One identifier-like word (no dots, no sigils): split snake_case, CamelCase, digits; spell acronyms. */
function speakWord(word: string): string {
  const dunder = /^__([A-Za-z0-9]+(?:_[A-Za-z0-9]+)*)__$/.exec(word);
  if (dunder?.[1]) return `dunder ${speakWord(dunder[1])}`;
  if (/^[A-Z]{2,6}s$/.test(word)) return spellAcronymPlural(word);
  const parts = word
    .replace(/_+/g, " ")
    // "ModelForm" → "Model Form", "HTTPResponse" → "HTTP Response", "Jinja2" → "Jinja 2"
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return parts.map((p) => (/^[A-Z]{2,6}s?$/.test(p) && !/^[A-Z]s$/.test(p) ? spellAcronymPlural(p) : p)).join(" ");
}

/** "APIs" → "A P I s" (the synthesiser says the final letter "ess"); "ASGI" → "A S G I". */
function spellAcronymPlural(word: string): string {
  if (word.endsWith("s") && word.length > 2) return `${spellAcronym(word.slice(0, -1))} s`;
  return spellAcronym(word);
}

/** A code-ish token: sigils, dots, call parentheses and star-args spoken out. */
function speakToken(token: string): string {
  let t = token;
  // Trailing call parentheses say nothing: `select_related()` → "select related".
  t = t.replace(/\(\)$/, "");
  const prefix: string[] = [];
  if (t.startsWith("**")) {
    prefix.push("double star");
    t = t.slice(2);
  } else if (t.startsWith("*") && t.length > 1) {
    prefix.push("star");
    t = t.slice(1);
  }
  if (t.startsWith("@") && t.length > 1) {
    prefix.push("at");
    t = t.slice(1);
  }
  // Dotted names and file names: `__init__.py` → "dunder init dot py", `.env` → "dot env".
  const segments = t.split(".");
  const spoken = segments
    .map((s, i) => (s === "" ? (i === 0 ? "dot" : "") : (i > 0 && segments[i - 1] !== "" ? "dot " : "") + speakWord(s)))
    .filter(Boolean)
    .join(" ");
  return [...prefix, spoken].filter(Boolean).join(" ");
}

/** Dotted things that are not code: abbreviations and version numbers. */
const NOT_CODE = /^(e\.g|i\.e|etc|vs|\d+(\.\d+)*)$/i;
const CODEISH = /[_@.*]|[a-z][A-Z]|[A-Za-z]\d|^[A-Z]{2,6}s?$/;

/** Text for speechSynthesis: markdown removed, code identifiers spoken sensibly, prose left alone. */
export function speakableText(text: string): string {
  const withoutMarkdown = text
    .replace(/```[\s\S]*?```/g, " (code example omitted) ")
    .replace(/`([^`]+)`/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/(^|\s)[*_]([^*_\s][^*_]*)[*_](?=\s|$|[.,;:!?])/g, "$1$2")
    .replace(/^#+\s*/gm, "")
    .replace(/^\s*[-*]\s+/gm, "");

  return withoutMarkdown
    .split(/(\s+)/)
    .map((chunk) => {
      if (/^\s*$/.test(chunk)) return chunk;
      // Keep sentence punctuation around the token so the synthesiser still pauses.
      const match = /^([("'“]*)(.*?)([)"'”,;:!?.]*)$/.exec(chunk);
      const lead = match?.[1] ?? "";
      let core = match?.[2] ?? chunk;
      let trail = match?.[3] ?? "";
      // "select_related()." — the call parentheses belong to the token, not the punctuation.
      if (trail.startsWith(")") && core.endsWith("(")) {
        core += ")";
        trail = trail.slice(1);
      }
      if (!CODEISH.test(core) || NOT_CODE.test(core)) return chunk;
      return lead + speakToken(core) + trail;
    })
    .join("")
    .replace(/[ \t]+/g, " ")
    .trim();
}
