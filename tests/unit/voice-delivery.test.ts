import { describe, expect, it } from "vitest";
import { spokenWords } from "@/lib/text/words";
import { countFillers, deliveryMetrics } from "@/lib/voice/delivery";
import { deliveryMetricsSchema, type TimedWord } from "@/lib/voice/delivery-schema";
import { getVocabulary } from "@/lib/voice/vocabulary";

/**
 * Spoken answers from eval/grading-dev.jsonl (kind "spoken") with plausible word timings: words of
 * ~0.3 s with short gaps, fillers drawn out, and explicit silences where a speaker would stop to think.
 */
const SPOKEN = {
  middleware:
    "uh middleware is like um a decorator you put on your views i think like at login required is a kind of middleware and you put it above the view function and it checks stuff before the the view runs",
  factory:
    "um it's like where you put the where you put the app creation in a function called create app i think it's mainly for uh bigger projects so things are more organised and um yeah it's cleaner",
  jinja:
    "okay so you call render template with the file name and whatever variables um and flask looks in the templates folder then in the html double curly braces prints stuff and the percent ones are for if and for loops uh you can do filters with a pipe like upper and for layouts you have a base html with blocks and the child template does extends oh and it auto escapes so you're protected from xss unless you use the safe filter",
  signals:
    "so signals um are like hooks that fire when stuff happens to models like pre save and post save and um you write a function with the the receiver decorator and it runs after the model is saved uh people use it to create profiles and stuff i think you have to import them in apps py somewhere",
  orm: "so the orm maps your model classes to tables um and querysets are lazy that's the big thing like filter and exclude just build the query it doesn't run until you loop over it or call list on it and you can chain them uh for reads you've got get which raises does not exist if it's missing versus filter dot first which just gives you none and for performance you want select related for foreign keys which does a join and prefetch related for many to many or reverse relations so you don't get the n plus one problem and there's aggregate and annotate for counts and sums",
  testing:
    "so for fastapi you use the test client um from fastapi dot testclient you pass it your app and then in a pytest function you just do client dot get or client dot post with json equals and assert the status code and the json uh i'd make the client a pytest fixture and um test the error cases too like send a bad body and check you get a 422",
};

/** Word timings: each word `wordSec` long, `gapSec` apart, fillers 0.5 s, extra silence before given word indexes. */
function timed(text: string, opts: { wordSec?: number; gapSec?: number; leadSec?: number; silenceBefore?: Record<number, number> } = {}) {
  const { wordSec = 0.3, gapSec = 0.08, leadSec = 0.6, silenceBefore = {} } = opts;
  const words: TimedWord[] = [];
  let t = leadSec;
  spokenWords(text).forEach((w, i) => {
    t += silenceBefore[i] ?? 0;
    const length = ["um", "uh"].includes(w) ? 0.5 : wordSec;
    words.push({ text: w, startSec: t, endSec: t + length });
    t += length + gapSec;
  });
  return { words, durationSec: t + 0.5 };
}

describe("countFillers", () => {
  const fillers = (text: string) => Object.fromEntries(countFillers(spokenWords(text)));

  it("counts hesitations, a filler 'like' and clause-opening 'so'", () => {
    expect(fillers(SPOKEN.middleware)).toEqual({ uh: 1, um: 1, like: 1 });
    expect(fillers(SPOKEN.factory)).toEqual({ um: 2, uh: 1, like: 1 });
    expect(fillers(SPOKEN.jinja)).toEqual({ so: 1, um: 1, uh: 1 });
    expect(fillers(SPOKEN.testing)).toEqual({ so: 1, um: 2, uh: 1 });
  });

  it("does not count 'like' that compares or gives an example, 'so' that means therefore, or 'a kind of'", () => {
    // "filters with a pipe like upper", "models like pre save", "tiny so extensions", "a kind of middleware"
    expect(fillers("you can do filters with a pipe like upper")).toEqual({});
    expect(fillers("hooks that fire for models like pre save")).toEqual({});
    expect(fillers("flask core is tiny so extensions add the big stuff")).toEqual({});
    expect(fillers("login required is a kind of middleware")).toEqual({});
    expect(fillers("it looks like a decorator and you know the answer")).toEqual({});
  });

  it("counts 'you know', 'i mean', 'basically', 'kind of' used as fillers", () => {
    expect(fillers("it basically you know kind of caches the query i mean the result")).toEqual({
      basically: 1,
      "you know": 1,
      "kind of": 1,
      "i mean": 1,
    });
  });
});

describe("deliveryMetrics", () => {
  const vocabulary = getVocabulary().terms;

  it("measures pace, fillers and technical terms of a fluent answer", () => {
    const { words, durationSec } = timed(SPOKEN.orm);
    const m = deliveryMetrics({ transcript: SPOKEN.orm, durationSec, words, vocabulary });
    expect(deliveryMetricsSchema.parse(m)).toEqual(m);
    expect(m.wordCount).toBe(spokenWords(SPOKEN.orm).length);
    // ~0.38 s a word → ~155 wpm
    expect(m.wordsPerMinute).toBeGreaterThanOrEqual(140);
    expect(m.wordsPerMinute).toBeLessThanOrEqual(160);
    expect(m.pace).toBe("comfortable");
    // "the big thing like filter and exclude" gives an example: not a filler.
    expect(m.fillers.items).toEqual([
      { term: "so", count: 1 },
      { term: "uh", count: 1 },
      { term: "um", count: 1 },
    ]);
    expect(m.technicalTerms).toEqual(expect.arrayContaining(["select_related", "prefetch_related", "ORM"]));
    expect(m.longPauses).toMatchObject({ count: 0, source: "words" });
  });

  it("finds long pauses between timed words, not the thinking time before the first word", () => {
    const { words, durationSec } = timed(SPOKEN.signals, { leadSec: 4, silenceBefore: { 10: 2.5, 30: 1.2, 40: 3.1 } });
    const m = deliveryMetrics({ transcript: SPOKEN.signals, durationSec, words });
    expect(m.longPauses.count).toBe(2);
    expect(m.longPauses.longestSec).toBeCloseTo(3.2, 1); // 3.1 s silence + the usual 0.08 s gap
    expect(m.longPauses.pauses[0]?.atSec).toBeCloseTo(words[9]?.endSec ?? -1, 1);
    expect(m.guidance.join(" ")).toMatch(/2 pauses of 2 s or more/);
  });

  it("uses the recorder's silences for pauses when the recogniser gives no timings", () => {
    const m = deliveryMetrics({
      transcript: SPOKEN.factory,
      durationSec: 20,
      silences: [
        { startSec: 0, endSec: 3 }, // before speaking: not a pause
        { startSec: 6, endSec: 8.4 },
        { startSec: 12, endSec: 13 }, // short
      ],
    });
    expect(m.longPauses).toEqual({ count: 1, longestSec: 2.4, source: "silence", pauses: [{ atSec: 6, lengthSec: 2.4 }] });
    expect(deliveryMetrics({ transcript: SPOKEN.factory, durationSec: 20 }).longPauses.source).toBe("none");
  });

  it("times the first key point from word timings", () => {
    const { words, durationSec } = timed(SPOKEN.orm);
    const keyPoints = ["select_related() performs a SQL JOIN for ForeignKey relations", "QuerySets are lazy: evaluated only when iterated"];
    const m = deliveryMetrics({ transcript: SPOKEN.orm, durationSec, words, keyPoints });
    const lazy = spokenWords(SPOKEN.orm).indexOf("lazy");
    expect(m.firstKeyPoint).toEqual({ atSec: Math.round((words[lazy]?.startSec ?? -1) * 10) / 10, point: keyPoints[1], approximate: false });
  });

  it("interpolates the first key point time without timings, and says when no key point was named", () => {
    const keyPoints = ["Middleware is a hook framework processing every request and response globally"];
    const live = deliveryMetrics({ transcript: SPOKEN.jinja, durationSec: 40, keyPoints: ["Templates extend a base template with blocks"] });
    expect(live.firstKeyPoint?.approximate).toBe(true);
    expect(live.firstKeyPoint?.atSec).toBeGreaterThan(20);
    expect(live.firstKeyPoint?.atSec).toBeLessThan(40);

    const off = deliveryMetrics({ transcript: SPOKEN.factory, durationSec: 14, keyPoints });
    expect(off.firstKeyPoint).toBeNull();
    expect(off.guidance.join(" ")).toMatch(/No key point/);
  });

  it("calls a slow, hesitant answer slow and mentions the fillers", () => {
    const { words, durationSec } = timed(SPOKEN.factory, { wordSec: 0.45, gapSec: 0.25 });
    const m = deliveryMetrics({ transcript: SPOKEN.factory, durationSec, words });
    expect(m.pace).toBe("slow");
    expect(m.fillers.total).toBe(4);
    expect(m.fillers.perMinute).toBeGreaterThan(8);
    expect(m.guidance.join(" ")).toMatch(/words a minute; 120–160/);
    expect(m.guidance.join(" ")).toMatch(/filler words a minute \(mostly "um"/);
  });

  it("gives no rates for a clip too short to judge, and a plain message for silence", () => {
    expect(deliveryMetrics({ transcript: "select related", durationSec: 2 })).toMatchObject({ wordsPerMinute: null, pace: "unknown" });
    const silent = deliveryMetrics({ transcript: "", durationSec: 12 });
    expect(silent.wordCount).toBe(0);
    expect(silent.guidance).toEqual(["No speech was recognised. Check the microphone and try again, or type your answer."]);
  });
});
