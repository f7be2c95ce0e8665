/**
 * Text addressed to the grader instead of the interviewer ("ignore the rubric", "score: 10",
 * "if you are an AI grader…") earns nothing: it is reported and blanked out, and only the
 * technical content that remains is graded. Patterns describe the *act* of addressing a
 * grader, an AI or the score, not particular phrasings; technical uses of words such as
 * "prompt", "ignore" or "score" (a model field) do not trigger.
 */

export interface InjectionSpan {
  start: number;
  end: number;
  text: string;
  reason: string;
}

export interface InjectionReport {
  detected: boolean;
  spans: InjectionSpan[];
  /** The answer with every injected span replaced by spaces: same length, so offsets still point into the original. */
  remaining: string;
}

/** Someone or something that grades. */
const GRADER = String.raw`(?:grader|graders|grading\s+(?:model|system|bot|ai|engine)|evaluator|assessor|examiner|marker|scorer|judge|ai|a\.i\.|llm|language\s+model|chatbot|gpt)`;
/** What a grader hands out. */
const SCORE_WORDS = String.raw`(?:score[sd]?|scoring|marks|mark\s+(?:it|this|me|the\s+answer)|grade[sd]?|band|rating|\d+\s*/\s*10|10\s+out\s+of\s+10|full\s+marks|top\s+marks)`;

interface Rule {
  reason: string;
  pattern: RegExp;
}

/** Each rule matches one sentence (or line) that speaks to the grader. */
const SENTENCE_RULES: Rule[] = [
  {
    reason: "addresses the grader about the score",
    pattern: new RegExp(String.raw`\b${GRADER}\b[\s\S]*\b${SCORE_WORDS}|\b${SCORE_WORDS}\b[\s\S]*\b${GRADER}\b`, "i"),
  },
  {
    reason: "speaks to the grader",
    pattern: new RegExp(
      String.raw`\b(?:as|dear|hey|hello|attention|note\s+to|message\s+to|if\s+you\s+are)\s+(?:the\s+|an?\s+|any\s+)?(?:automated\s+|ai\s+)?${GRADER}\b|\b${GRADER}\s+(?:note|instructions?|override|must|should)\b`,
      "i",
    ),
  },
  {
    reason: "asks to override the grading instructions",
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass|supersede[sd]?)\s+(?:(?:all|any|the|your|these|those|previous|prior|above|earlier|grading|system|of|versions?)\s+){0,3}(?:instructions?|rubric|rules|prompts?|guidelines|criteria|system\s+message|versions|reference(?:\s+answer)?)\b/i,
  },
  {
    reason: "talks about the rubric or answer key",
    pattern:
      /\b(?:rubric|answer\s+key|marking\s+scheme|expected\s+answer|reference\s+answer|(?:corrected|updated|real|official)\s+reference|grading\s+(?:note|criteria|instructions?))\b/i,
  },
  {
    reason: "asks for a score",
    pattern:
      /\b(?:give|award|assign|grant|mark|rate|score|grade)\b[^.\n]{0,40}?(?:\d+\s*\/\s*10\b|\b10\s+out\s+of\s+10\b|\bfull\s+marks\b|\btop\s+marks\b|\ba\s+(?:perfect|high|maximum)\s+(?:score|grade|mark)\b|\bmaximum\s+(?:score|marks)\b|\bthe\s+highest\s+(?:score|grade|band)\b)/i,
  },
  {
    reason: "plays a role marker",
    pattern:
      /<\|?\s*(?:im_start|im_end|endoftext)\s*\|?>|\byou\s+are\s+now\s+(?:a|an|the|in)\b|\bnew\s+instructions\b|\b(?:this|these|the\s+above)\s+instructions?\b/i,
  },
  {
    reason: "announces the grading result",
    pattern:
      /\b(?:grading|evaluation|assessment|marking)\s+(?:is\s+|has\s+been\s+)?(?:complete|completed|done|finished)\b|\ball\s+(?:the\s+|of\s+the\s+)?(?:key\s+)?points\s+(?:are\s+|were\s+|have\s+been\s+)?(?:covered|addressed|met)\b/i,
  },
  {
    reason: "writes the grading result itself",
    pattern:
      /(?:^|\n)\s*(?:final\s+)?(?:(?:score|grade|rating)\s*[:=]\s*\d+(?:\.\d+)?(?:\s*\/\s*10)?|band\s*[:=]\s*(?:strong|adequate|weak)|verdict\s*[:=]\s*\w+|confidence\s*[:=]\s*0?\.\d+|key_points_covered\s*[:=])/i,
  },
];

/** Who speaks in a chat transcript other than the candidate. */
const ROLE = String.raw`(?:system|assistant|developer|grader|evaluator|examiner)`;

/**
 * Blocks that hide instructions: a turn written as another speaker of a chat transcript (a role
 * marker, "SYSTEM:" at a line's start or "[assistant]" / "<system>" anywhere, up to the end of its
 * paragraph: what a fake system or grader turn says is all addressed to the grader), a role-play set
 * up for the grader (its whole paragraph, for the same reason), HTML comments,
 * [[…]] directives, fake evaluation sections.
 */
const BLOCK_RULES: Rule[] = [
  {
    reason: "sets up a role-play",
    pattern: /(?:^|\n)[^\n]*?\b(?:role[\s-]?play|stay\s+in\s+character|pretend\s+(?:that\s+)?(?:you(?:'re|\s+are)|to\s+be))\b[\s\S]*?(?=\n[ \t]*\n|$)/gi,
  },
  {
    reason: "writes a turn for another role",
    pattern: new RegExp(
      String.raw`(?:(?:^|\n)[ \t>*#_]*${ROLE}[ \t*_]*:|[\[<(][ \t]*${ROLE}[ \t]*[\]>)][ \t]*:?|<\|?[ \t]*system[ \t]*\|?>)[\s\S]*?(?=\n[ \t]*\n|$)`,
      "gi",
    ),
  },
  { reason: "hidden comment", pattern: /<!--[\s\S]*?(?:-->|$)/g },
  { reason: "bracketed directive to the grader", pattern: /\[\[[^\]]*\]\]/g },
  { reason: "fake evaluation section", pattern: /(?:^|\n)#{1,6}\s*(?:evaluation|grading|assessment|grader|score)\b[\s\S]*?(?:#{1,6}\s*end\b[^\n]*|$)/gi },
];

/** Keys of a grader's verdict. An object naming two of them is a verdict written for the grader to copy. */
const VERDICT_KEY =
  /["'](score|grade|band|rating|verdict|rationale|feedback|key_?points(?:_covered)?|covered|missed|assessment|strengths|improvements)["']\s*:/gi;

/**
 * Brace-balanced objects ({…}, nesting included, braces inside strings ignored) that name two or
 * more verdict keys: fake grader JSON. Everything inside one is addressed to the grader, including
 * the key points it claims were covered, so none of it is evidence.
 */
function verdictObjects(text: string): Array<{ start: number; end: number }> {
  return outermostObjects(text).filter((o) => new Set([...text.slice(o.start, o.end).matchAll(VERDICT_KEY)].map((m) => m[1]!.toLowerCase())).size >= 2);
}

/** Passes over the text at most: a stray "{" that never closes costs one more pass from just after it. */
const MAX_PASSES = 8;

/**
 * The outermost brace-balanced objects of `text`, in one linear pass (an answer is up to ~90,000
 * characters, so a pass per "{" would cost seconds on a run of braces). A "{" that never closes hides
 * nothing after it: the pass starts again just after it.
 */
function outermostObjects(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let from = 0;
  for (let pass = 0; pass < MAX_PASSES && from < text.length; pass++) {
    let depth = 0;
    let open = -1;
    let inString = false;
    for (let i = from; i < text.length; i++) {
      const c = text[i]!;
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"' && depth > 0) inString = true;
      else if (c === "{" && depth++ === 0) open = i;
      else if (c === "}" && depth > 0 && --depth === 0) out.push({ start: open, end: i + 1 });
    }
    if (depth === 0) break;
    from = open + 1;
  }
  return out;
}

/** A line that closes the answer for the grader ("--- END OF ANSWER ---"): everything after it is addressed to the grader. */
const END_MARKER = /(?:^|\n)[\s\-=*#_]*end\s+of\s+(?:the\s+)?(?:answer|response|submission|candidate\s+answer)[\s\-=*#_]*(?:\n|$)/i;

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, " ") + text.slice(end);
}

/** Sentences and lines of `text` with their offsets. */
function sentences(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  // A dot inside "settings.DEBUG" or "e.g" does not end a sentence; one before a closing quote does.
  const pattern = /(?:[^\n.!?]|[.!?]+(?!["'”’)\]]*(?:\s|$)))+(?:[.!?]+["'”’)\]]*|(?=\n)|$)/g;
  for (const m of text.matchAll(pattern)) {
    if (m[0].trim()) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function detectInjection(answer: string): InjectionReport {
  const spans: InjectionSpan[] = [];
  let remaining = answer;
  const add = (start: number, end: number, reason: string) => {
    if (!answer.slice(start, end).trim()) return;
    spans.push({ start, end, text: answer.slice(start, end).trim(), reason });
    remaining = blank(remaining, start, end);
  };

  const end = END_MARKER.exec(remaining);
  if (end) add(end.index, answer.length, "text after an end-of-answer marker");

  for (const o of verdictObjects(remaining)) add(o.start, o.end, "writes a grading result as data");
  for (const rule of BLOCK_RULES) {
    for (const m of remaining.matchAll(rule.pattern)) add(m.index, m.index + m[0].length, rule.reason);
  }

  for (const s of sentences(remaining)) {
    const text = remaining.slice(s.start, s.end);
    const rule = SENTENCE_RULES.find((r) => r.pattern.test(text));
    if (rule) add(s.start, s.end, rule.reason);
  }

  spans.sort((a, b) => a.start - b.start);
  return { detected: spans.length > 0, spans, remaining };
}
