import { foldPlural } from "@/lib/text/analyser";
import { HESITATIONS, hesitationOf } from "@/lib/text/fillers";
import { speechWords, spokenWords } from "@/lib/text/words";
import { COMFORTABLE_WPM, type DeliveryMetrics, type SilenceGap, type TimedWord } from "./delivery-schema";

/**
 * Delivery metrics of a spoken answer: pace, filler words, long pauses, how soon the first key
 * point came, and the technical terms used. Pure. Delivery is coaching only: it never changes
 * the content score (the judge never sees these numbers).
 */

export const LONG_PAUSE_SEC = 2;
/** Above this many fillers a minute, listeners start to notice them. */
export const FILLERS_PER_MINUTE_NOTICEABLE = 4;

export interface DeliveryInput {
  /** The recogniser's transcript, before the candidate edits it. */
  transcript: string;
  /** Length of the recording in seconds. */
  durationSec: number;
  /** Word timings when the recogniser gives them (Whisper verbose_json does). */
  words?: TimedWord[];
  /** Silences the recorder measured, used for pauses when there are no word timings. */
  silences?: SilenceGap[];
  /** The question's key points (rubric point texts) for "time until the first key point". */
  keyPoints?: string[];
  /** Technical vocabulary (identifiers such as select_related) to count in the answer. */
  vocabulary?: string[];
}

// ---------------------------------------------------------------------------------------------
// Words

// ---------------------------------------------------------------------------------------------
// Fillers

const DETERMINERS = new Set(["a", "an", "the", "this", "that", "what", "some", "any", "every", "which", "one", "same", "this", "kinds", "sorts"]);
/** After these, "like" compares or means "enjoy": "looks like", "would like", "something like". */
const LIKE_NOT_FILLER_AFTER = new Set([
  "look",
  "looks",
  "looked",
  "looking",
  "seem",
  "seems",
  "feel",
  "feels",
  "sound",
  "sounds",
  "would",
  "i'd",
  "you'd",
  "we'd",
  "just",
  "something",
  "anything",
  "nothing",
  "things",
  "much",
  "more",
  "exactly",
  "don't",
  "didn't",
  "i",
  "you",
  "we",
  "they",
]);
/** After "you know", these make it a real verb phrase: "you know the answer", "you know how". */
const YOU_KNOW_OBJECT = new Set(["that", "what", "how", "why", "when", "where", "which", "if", "whether", "the", "a", "an", "it", "about", "this", "them"]);
/** Discourse markers that put a following "so"/"like" at the start of a clause. */
const CLAUSE_OPENERS = new Set(["okay", "ok", "well", "yeah", "right", "alright", "anyway", ...HESITATIONS]);

/** Count fillers in spoken order. Rules look only at neighbouring words, so they generalise to any answer. */
export function countFillers(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? "";
    const prev = words[i - 1];
    const next = words[i + 1];
    const clauseStart = prev === undefined || CLAUSE_OPENERS.has(prev);
    if (HESITATIONS.has(w)) add(hesitationOf(w));
    else if (w === "basically") add("basically");
    else if (w === "like") {
      const fillerLike =
        clauseStart ||
        (next !== undefined && (HESITATIONS.has(next) || next === "like")) ||
        (prev !== undefined && (prev === "and" || prev === "but" || prev === "it's" || prev === "its") && next !== undefined && !DETERMINERS.has(next)) ||
        (prev === "was" && next !== undefined && ["i", "you", "he", "she", "they", "we"].includes(next));
      if (fillerLike && !(prev !== undefined && LIKE_NOT_FILLER_AFTER.has(prev))) add("like");
    } else if (w === "so" && clauseStart && next !== "that" && next !== "far" && next !== "much" && next !== "many") add("so");
    else if (w === "you" && next === "know" && !YOU_KNOW_OBJECT.has(words[i + 2] ?? "")) {
      add("you know");
      i++;
    } else if (w === "i" && next === "mean" && words[i + 2] !== "that") {
      add("i mean");
      i++;
    } else if ((w === "kind" || w === "sort") && next === "of" && !(prev !== undefined && DETERMINERS.has(prev))) {
      add(`${w} of`);
      i++;
    }
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Pauses

function pausesFromWords(words: TimedWord[]): Array<{ atSec: number; lengthSec: number }> {
  const pauses: Array<{ atSec: number; lengthSec: number }> = [];
  for (let i = 1; i < words.length; i++) {
    const gap = (words[i]?.startSec ?? 0) - (words[i - 1]?.endSec ?? 0);
    if (gap >= LONG_PAUSE_SEC) pauses.push({ atSec: round1(words[i - 1]?.endSec ?? 0), lengthSec: round1(gap) });
  }
  return pauses;
}

/** Silences before the first word and after the last are thinking time and trailing noise, not pauses. */
function pausesFromSilences(silences: SilenceGap[], durationSec: number): Array<{ atSec: number; lengthSec: number }> {
  return silences
    .filter((s) => s.endSec - s.startSec >= LONG_PAUSE_SEC && s.startSec > 0.25 && s.endSec < durationSec - 0.25)
    .map((s) => ({ atSec: round1(s.startSec), lengthSec: round1(s.endSec - s.startSec) }));
}

// ---------------------------------------------------------------------------------------------
// Key points and technical terms

/** Words the candidate must say near each other for a point to count as touched on. */
const KEY_POINT_WINDOW = 12;

/**
 * The first word index where some key point is touched on: two of its content words within a
 * short window (one when the point has a single content word). Lexical, so it is a hint about
 * getting to the point early, not a grade.
 */
function firstKeyPointIndex(spoken: string[], keyPoints: string[]): { index: number; point: string } | null {
  // What was said at each position: the word, and the word joined with the next one.
  const said = spoken.map((w, i) => [foldPlural(w), foldPlural(w + (spoken[i + 1] ?? ""))]);
  let best: { index: number; point: string } | null = null;
  for (const point of keyPoints) {
    const want = new Set(speechWords(point));
    if (want.size === 0) continue;
    const needed = Math.min(2, want.size);
    for (let end = 0; end < said.length && (best === null || end < best.index); end++) {
      if (!(said[end] ?? []).some((f) => want.has(f))) continue;
      const window = said.slice(Math.max(0, end - KEY_POINT_WINDOW + 1), end + 1).flat();
      if (new Set(window.filter((f) => want.has(f))).size >= needed) {
        best = { index: end, point };
        break;
      }
    }
  }
  return best;
}

/** Vocabulary terms the answer says, in vocabulary order; "select related" counts for select_related. */
export function technicalTermsUsed(transcript: string, vocabulary: string[]): string[] {
  const spoken = ` ${spokenWords(transcript).map(foldPlural).join(" ")} `;
  const used: string[] = [];
  for (const term of vocabulary) {
    const words = spokenWords(term.replace(/_+/g, " ")).map(foldPlural);
    if (words.length === 0) continue;
    // A single plain word ("Model", "Count", "Form") is everyday English when spoken, not evidence of
    // technical vocabulary; acronyms (ORM), digits (Jinja2) and compounds (select_related) are.
    if (words.length === 1 && !/[A-Z]{2}|\d|[a-z][A-Z]|_/.test(term)) continue;
    if (spoken.includes(` ${words.join(" ")} `)) used.push(term);
  }
  return used;
}

// ---------------------------------------------------------------------------------------------

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Under 10 seconds a rate per minute says little. */
const MIN_SECONDS_FOR_RATES = 10;

export function deliveryMetrics(input: DeliveryInput): DeliveryMetrics {
  const durationSec = Math.max(0, input.durationSec);
  const spoken = spokenWords(input.transcript);
  const wordCount = spoken.length;
  const minutes = durationSec / 60;
  const rated = durationSec >= MIN_SECONDS_FOR_RATES && wordCount > 0;
  const wordsPerMinute = rated ? Math.round(wordCount / minutes) : null;
  const pace =
    wordsPerMinute === null ? "unknown" : wordsPerMinute < COMFORTABLE_WPM.min ? "slow" : wordsPerMinute > COMFORTABLE_WPM.max ? "fast" : "comfortable";

  const fillerCounts = countFillers(spoken);
  const fillerTotal = [...fillerCounts.values()].reduce((a, b) => a + b, 0);
  const fillersPerMinute = rated ? round1(fillerTotal / minutes) : null;

  const timed = input.words?.filter((w) => w.endSec >= w.startSec) ?? [];
  const hasTimings = timed.length > 0;
  const pauses = hasTimings ? pausesFromWords(timed) : pausesFromSilences(input.silences ?? [], durationSec);
  const pauseSource = hasTimings ? "words" : input.silences ? "silence" : "none";

  let firstKeyPoint: DeliveryMetrics["firstKeyPoint"] = null;
  const hit = firstKeyPointIndex(spoken, input.keyPoints ?? []);
  if (hit) {
    // Map the transcript word back to the recogniser's timed word by its position among timed words.
    const timedIndex = hasTimings ? Math.min(timed.length - 1, Math.round((hit.index * timed.length) / Math.max(1, wordCount))) : -1;
    const exact = hasTimings && timed.length === wordCount;
    const atSec = hasTimings ? (timed[exact ? hit.index : timedIndex]?.startSec ?? 0) : (hit.index / Math.max(1, wordCount)) * durationSec;
    firstKeyPoint = { atSec: round1(atSec), point: hit.point, approximate: !exact };
  }

  const metrics: Omit<DeliveryMetrics, "guidance"> = {
    durationSec: round1(durationSec),
    wordCount,
    wordsPerMinute,
    pace,
    fillers: {
      total: fillerTotal,
      perMinute: fillersPerMinute,
      items: [...fillerCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([term, count]) => ({ term, count })),
    },
    longPauses: {
      count: pauses.length,
      longestSec: pauses.reduce((m, p) => Math.max(m, p.lengthSec), 0),
      source: pauseSource,
      pauses,
    },
    firstKeyPoint,
    technicalTerms: technicalTermsUsed(input.transcript, input.vocabulary ?? []),
  };
  return { ...metrics, guidance: deliveryGuidance(metrics, input.keyPoints !== undefined && input.keyPoints.length > 0) };
}

/** Plain coaching sentences. Only about delivery: content feedback comes from the grade. */
export function deliveryGuidance(m: Omit<DeliveryMetrics, "guidance">, hadKeyPoints: boolean): string[] {
  const out: string[] = [];
  if (m.wordCount === 0) return ["No speech was recognised. Check the microphone and try again, or type your answer."];
  if (m.pace === "slow")
    out.push(
      `You spoke at ${m.wordsPerMinute} words a minute; ${COMFORTABLE_WPM.min}–${COMFORTABLE_WPM.max} is comfortable for listeners. Try shorter sentences with fewer restarts.`,
    );
  else if (m.pace === "fast")
    out.push(
      `You spoke at ${m.wordsPerMinute} words a minute; ${COMFORTABLE_WPM.min}–${COMFORTABLE_WPM.max} is easier to follow. Pause briefly after each key point.`,
    );
  else if (m.pace === "comfortable") out.push(`Your pace (${m.wordsPerMinute} words a minute) is comfortable to follow.`);
  if (m.fillers.perMinute !== null && m.fillers.perMinute >= FILLERS_PER_MINUTE_NOTICEABLE) {
    const top = m.fillers.items
      .slice(0, 2)
      .map((f) => `"${f.term}"`)
      .join(" and ");
    out.push(`${m.fillers.perMinute} filler words a minute (mostly ${top}). A short silent pause sounds more confident than a filler.`);
  }
  if (m.longPauses.count > 0)
    out.push(
      `${m.longPauses.count} pause${m.longPauses.count > 1 ? "s" : ""} of ${LONG_PAUSE_SEC} s or more (longest ${m.longPauses.longestSec} s). It is fine to think; saying "let me think about that" keeps the interviewer with you.`,
    );
  if (hadKeyPoints && m.firstKeyPoint === null) out.push("No key point of the question was clearly named. Lead with the core idea in the first sentence.");
  else if (m.firstKeyPoint && m.durationSec > 0 && m.firstKeyPoint.atSec > Math.max(15, m.durationSec / 3))
    out.push(`Your first key point came ${Math.round(m.firstKeyPoint.atSec)} s in. Lead with the answer, then explain.`);
  return out;
}
