/**
 * The local judge: no key, no network, a few milliseconds. A pipeline of named stages, each in
 * its own file under local/:
 *
 *   strip injection → match points (profile.ts) → decide points, misconceptions, off-topic
 *   (decide.ts) → depth (depth.ts) → score (score.ts, shared with the LLM judge) → feedback
 *
 * What it knows about a question comes from content: the rubric (rubric.ts, passed in by the
 * pipeline), the question's grading pack and the matcher trained from every pack at build time
 * (local/matcher.ts). Without a pack it matches against the reference's own wording, less sharply,
 * and says so.
 */
import { getBank } from "@/lib/bank/load";
import type { Question } from "@/lib/bank/schema";
import { RUBRIC_VERSION, type Assessment, type GradingError, type KeyPointVerdict } from "./assessment";
import { contrastClaim, referenceContrasts, type ReferenceContrasts } from "./contrasts";
import { loadErrata, readErratum, type Erratum } from "./errata";
import { detectInjection } from "./injection";
import type { Judge, JudgeInput, JudgeProgress } from "./judge";
import { decide, DECISION_PARAMS, type DecisionParams } from "./local/decide";
import { depthOf } from "./local/depth";
import { feedbackFor } from "./local/feedback";
import { getMatcher } from "./local/matcher";
import { profileAnswer, type AnswerProfile } from "./local/profile";
import { computeScore, countWrongIdeas, SCORE_PARAMS, type ScoreParams } from "./score";

export interface LocalJudgeParams {
  decision: DecisionParams;
  score: ScoreParams;
}

const NO_PACK_NOTE = "Graded from the reference alone (this question has no grading pack): answers in your own words may be under-credited.";

/** The checked verdicts, errors and score of an answer from its profile: the part the fit replays with other parameters. */
export function judgeProfile(input: JudgeInput, gradable: string, profile: AnswerProfile, params: LocalJudgeParams = { decision: DECISION_PARAMS, score: SCORE_PARAMS }) {
  const model = getMatcher().models.get(input.question.id);
  const decisions = decide(profile, input.points, model?.calibration ?? new Map(), model?.pack?.misconceptions ?? [], params.decision);
  applyErrata(input, gradable, decisions);
  const keyPoints: KeyPointVerdict[] = input.points.map((p, i) => {
    const d = decisions.verdicts[i]!;
    const evidence = d.unit ? gradable.slice(d.unit.start, d.unit.end).trim() : "";
    const contradiction = d.verdict === "contradicted" ? decisions.misconceptions.find((s) => s.misconception.point === p.id) : undefined;
    const note =
      contradiction?.misconception.correction ??
      (d.verdict === "covered" && p.correction ? "States the correct fact; the reference is wrong here." : d.verdict === "partial" ? "Touched on, but not stated or explained fully." : undefined);
    return { ...p, verdict: d.verdict, evidence, ...(note ? { note } : {}) };
  });
  const errors: GradingError[] = [
    ...decisions.misconceptions.map((s) => ({ claim: gradable.slice(s.unit.start, s.unit.end).trim(), correction: s.misconception.correction, referenceIsWrong: false })),
    ...orderContradictions(input.question, gradable, profile),
    ...keyPoints
      .filter((k) => k.correction && k.verdict === "covered")
      .map((k) => ({ claim: k.evidence, correction: `You are right and the reference is wrong here ("${k.text}"): ${k.correction}`, referenceIsWrong: true })),
  ];
  const { score, band } = computeScore({ verdicts: keyPoints, wrongIdeas: countWrongIdeas(keyPoints, errors), depth: depthOf(gradable), offTopic: decisions.offTopic }, params.score);
  return { keyPoints, errors, score, band, offTopic: decisions.offTopic, pack: model?.pack };
}

/**
 * Stage "errata": where the reference is wrong (content/errata.json), the candidate's stance on
 * the corrected fact decides the point: stating it covers the point, repeating the reference's
 * mistake contradicts it.
 */
function applyErrata(input: JudgeInput, gradable: string, decisions: ReturnType<typeof decide>): void {
  for (const erratum of errataOf(input.question)) {
    const index = input.points.findIndex((p) => p.text === erratum.keyPoint?.replace(/`/g, ""));
    if (index < 0) continue;
    const reading = readErratum(erratum, gradable);
    if (!reading.claim) continue;
    const start = gradable.indexOf(reading.claim);
    const unit = decisions.verdicts[index]!.unit ?? profileUnitAt(start, start + reading.claim.length);
    decisions.verdicts[index] = { id: input.points[index]!.id, verdict: reading.stance === "correct" ? "covered" : "contradicted", unit: { ...unit, start, end: start + reading.claim.length } };
    if (reading.stance === "wrong") decisions.misconceptions.push({ misconception: { id: "reference-erratum", point: input.points[index]!.id, says: [], correction: erratum.correction }, unit: { ...unit, start, end: start + reading.claim.length } });
  }
}

/** An erratum claim is a statement by construction (readErratum matched it). */
const MIN_CLAIM_WORDS = 3;

function profileUnitAt(start: number, end: number) {
  return { start, end, point: new Map(), near: new Map(), mis: new Map(), pointP: new Map(), misP: new Map(), thisQuestion: 1, elsewhere: 0, bareList: false, contentWords: MIN_CLAIM_WORDS };
}

const errataCache = new Map<string, Erratum[]>();
function errataOf(question: Question): Erratum[] {
  let found = errataCache.get(question.id);
  if (!found) errataCache.set(question.id, (found = loadErrata(getBank()).filter((e) => e.questionId === question.id && e.keyPoint)));
  return found;
}

/** Stage "order contradictions": a step placed before/after where the reference's own flow puts it (contrasts.ts). */
function orderContradictions(question: Question, gradable: string, profile: AnswerProfile): GradingError[] {
  let contrasts = contrastCache.get(question.id);
  if (!contrasts) contrastCache.set(question.id, (contrasts = referenceContrasts(question.answer, question.keyPoints)));
  const out: GradingError[] = [];
  for (const u of profile.units) {
    const text = gradable.slice(u.start, u.end).trim();
    const claim = contrastClaim(contrasts, text.split(/\s+/));
    if (claim && !out.some((e) => e.claim.includes(text) || text.includes(e.claim))) out.push({ claim: text, correction: claim.correction, referenceIsWrong: false });
  }
  return out;
}
const contrastCache = new Map<string, ReferenceContrasts>();

export function gradeLocally(input: JudgeInput, progress?: JudgeProgress): Assessment {
  const injection = detectInjection(input.answer);
  const gradable = injection.remaining;
  const profile = profileAnswer(getMatcher(), input.question.id, gradable);
  const judged = judgeProfile(input, gradable, profile);
  for (const k of judged.keyPoints) progress?.onKeyPoint?.(k);
  const feedback = feedbackFor(input.question, input.points, judged.keyPoints, judged.errors, judged.pack);
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
