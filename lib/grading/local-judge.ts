/**
 * The local judge: no key, no network, a few milliseconds. A pipeline of named stages, each in
 * its own file under local/:
 *
 *   strip injection → match points (profile.ts) → decide points, misconceptions, off-topic and
 *   elaboration (decide.ts) → depth (depth.ts) → score (score.ts, shared with the LLM judge) → feedback
 *
 * What it knows about a question comes from content: the rubric (rubric.ts, passed in by the
 * pipeline), the question's grading pack and the matcher trained from every pack at build time
 * (local/matcher.ts). Without a pack it matches against the reference's own wording, less sharply,
 * and says so.
 */
import { getBank } from "@/lib/bank/load";
import { processWide, sharedInProduction } from "@/lib/process-wide";
import { getOrCreate } from "@/lib/text/cache";
import type { Question } from "@/lib/bank/schema";
import { RUBRIC_VERSION, type Assessment, type GradingError, type KeyPointVerdict, type RubricPoint } from "./assessment";
import { loadErrata, readErratum, type Erratum, type ErratumReading } from "./errata";
import { detectInjection } from "./injection";
import type { Judge, JudgeInput, JudgeProgress } from "./judge";
import { decide, DECISION_PARAMS, elaborationOf, type DecisionParams } from "./local/decide";
import { depthOf } from "./local/depth";
import { feedbackFor } from "./local/feedback";
import { getMatcher } from "./local/matcher";
import { profileAnswer, type AnswerProfile } from "./local/profile";
import { computeScore, countWrongIdeas, SCORE_PARAMS, type ScoreInput, type ScoreParams } from "./score";

export interface LocalJudgeParams {
  decision: DecisionParams;
  score: ScoreParams;
}

const NO_PACK_NOTE = "Graded from the reference alone (this question has no grading pack): answers in your own words may be under-credited.";

/** The checked verdicts, errors and score of an answer from its profile: the part the fit replays with other parameters. */
export function judgeProfile(
  input: JudgeInput,
  gradable: string,
  profile: AnswerProfile,
  params: LocalJudgeParams = { decision: DECISION_PARAMS, score: SCORE_PARAMS },
) {
  const decided = decideProfile(input, gradable, profile, params.decision);
  return { ...decided, ...computeScore(decided.scoreInput, params.score) };
}

/** The checked verdicts and errors of an answer from its profile, and what the score function needs of them. */
export function decideProfile(input: JudgeInput, gradable: string, profile: AnswerProfile, params: DecisionParams = DECISION_PARAMS) {
  const model = getMatcher().models.get(input.question.id);
  const errata = errataOf(input.question).map((erratum) => ({ erratum, reading: readErratum(erratum, gradable) }));
  const refuted = refutedMisconceptions(errata);
  const misconceptions = (model?.pack?.misconceptions ?? []).filter((m) => !refuted.has(m.id));
  const decisions = decide(profile, input.points, model?.calibration ?? new Map(), misconceptions, params);
  applyErrata(input, gradable, errata, decisions);
  const keyPoints: KeyPointVerdict[] = input.points.map((p, i) => {
    const d = decisions.verdicts[i]!;
    const evidence = d.unit ? gradable.slice(d.unit.start, d.unit.end).trim() : "";
    const contradiction = d.verdict === "contradicted" ? decisions.misconceptions.find((s) => s.misconception.point === p.id) : undefined;
    const note =
      contradiction?.misconception.correction ??
      (d.verdict === "covered" && p.correction
        ? "States the correct fact; the reference is wrong here."
        : d.verdict === "partial"
          ? "Touched on, but not stated or explained fully."
          : undefined);
    return { ...p, verdict: d.verdict, evidence, ...(note ? { note } : {}) };
  });
  const errors: GradingError[] = [
    ...decisions.misconceptions.map((s) => ({
      claim: gradable.slice(s.unit.start, s.unit.end).trim(),
      correction: s.misconception.correction,
      referenceIsWrong: false,
    })),
    ...keyPoints
      .filter((k) => k.correction && k.verdict === "covered")
      .map((k) => ({ claim: k.evidence, correction: `You are right and the reference is wrong here ("${k.text}"): ${k.correction}`, referenceIsWrong: true })),
  ];
  const scoreInput: ScoreInput = {
    verdicts: keyPoints,
    wrongIdeas: countWrongIdeas(keyPoints, errors),
    depth: depthOf(gradable),
    offTopic: decisions.offTopic,
    elaboration: decisions.elaboration,
  };
  return { keyPoints, errors, offTopic: decisions.offTopic, pack: model?.pack, scoreInput };
}

/**
 * Stage "errata": where the reference is wrong (content/errata.json), the candidate's stance on
 * the corrected fact decides. An erratum on a key point decides that point: stating the correct
 * fact covers it, repeating the reference's mistake contradicts it. An erratum elsewhere in the
 * reference (its text or code) only ever adds a wrong idea, when the mistake is repeated.
 */
function applyErrata(input: JudgeInput, gradable: string, errata: ErratumRead[], decisions: ReturnType<typeof decide>): void {
  for (const { erratum, reading } of errata) {
    if (!reading.claim) continue;
    const start = gradable.indexOf(reading.claim);
    const span = { start, end: start + reading.claim.length };
    const index = erratum.keyPoint ? input.points.findIndex((p) => p.text === erratum.keyPoint!.replace(/`/g, "")) : -1;
    const pointId = index >= 0 ? input.points[index]!.id : undefined;
    if (index >= 0) {
      const unit = decisions.verdicts[index]!.unit ?? profileUnitAt(span.start, span.end);
      decisions.verdicts[index] = { id: pointId!, verdict: reading.stance === "correct" ? "covered" : "contradicted", unit: { ...unit, ...span } };
    }
    if (reading.stance === "wrong" && !decisions.misconceptions.some((m) => m.unit.start < span.end && span.start < m.unit.end)) {
      decisions.misconceptions.push({
        misconception: { id: "reference-erratum", point: pointId, says: [], correction: erratum.correction },
        unit: profileUnitAt(span.start, span.end),
      });
    }
  }
}

/**
 * The pack misconceptions an answer is not taken to state: those repeating a mistake of the
 * reference (an erratum's `misconceptions`) when the answer states the corrected fact. The correct
 * statement and the mistake share most of their words ("{% if perms.books.add_book %}" and
 * "{% if user.has_perm 'books.add_book' %}", "compare in pre_save" beside "re-reading in post_save
 * tells you nothing"), so similarity took them for the mistake. On every labelled set (2026-12-04)
 * this removes 9 of the 31 errors found in answers labelled 7 or more, and 1 of the 53 in answers
 * labelled 4 or less.
 */
function refutedMisconceptions(errata: ErratumRead[]): Set<string> {
  const refuted = new Set<string>();
  for (const { erratum, reading } of errata) if (reading.stance === "correct") for (const id of erratum.misconceptions) refuted.add(id);
  return refuted;
}

/** A question's erratum and the answer's stance on it, read once per grading. */
interface ErratumRead {
  erratum: Erratum;
  reading: ErratumReading;
}

/** An erratum claim is a statement by construction (readErratum matched it). */
const MIN_CLAIM_WORDS = 3;

function profileUnitAt(start: number, end: number) {
  return {
    start,
    end,
    point: new Map(),
    near: new Map(),
    mis: new Map(),
    pointP: new Map(),
    misP: new Map(),
    correction: new Map(),
    thisQuestion: 1,
    elsewhere: 0,
    bareList: false,
    codeOnly: false,
    contentWords: MIN_CLAIM_WORDS,
    stems: [],
    partOfSentence: false,
  };
}

const errataCache = processWide("errata-by-question", () => new Map<string, Erratum[]>());
function errataOf(question: Question): Erratum[] {
  return getOrCreate(errataCache, question.id, () => loadErrata(getBank()).filter((e) => e.questionId === question.id));
}

/** How much an answer (injection already removed) says about its question, measured as the local judge does: for the LLM judge's score. */
export function elaborationOfAnswer(question: Question, points: RubricPoint[], gradable: string): number {
  const matcher = getMatcher();
  return elaborationOf(profileAnswer(matcher, question.id, gradable), points, matcher.models.get(question.id)?.calibration ?? new Map());
}

/** The local judge's pipeline; the copy start-up warmed is the one the routes run (sharedInProduction). */
export const gradeLocally = sharedInProduction("local-judge.gradeLocally", gradeInThisCopy);

function gradeInThisCopy(input: JudgeInput, progress?: JudgeProgress): Assessment {
  const injection = detectInjection(input.answer);
  const gradable = injection.remaining;
  const profile = profileAnswer(getMatcher(), input.question.id, gradable);
  const judged = judgeProfile(input, gradable, profile);
  for (const k of judged.keyPoints) progress?.onKeyPoint?.(k);
  // Half the elaboration at which full coverage is worth 8: there, naming every point is worth under 7.
  const brief = judged.scoreInput.elaboration < SCORE_PARAMS.elaborationAt8 / 2;
  const feedback = feedbackFor(input.question, input.points, judged.keyPoints, judged.errors, judged.pack, brief);
  return {
    questionId: input.question.id,
    score: judged.score,
    band: judged.band,
    rubricVersion: RUBRIC_VERSION,
    keyPoints: judged.keyPoints,
    errors: judged.errors,
    ...feedback,
    injectionDetected: injection.detected,
    offTopic: judged.offTopic,
    grader: { kind: "local", ...(judged.pack ? {} : { note: NO_PACK_NOTE }) },
  };
}

export const localJudge: Judge = {
  kind: "local",
  async grade(input, progress) {
    return gradeLocally(input, progress);
  },
};
