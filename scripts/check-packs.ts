/** Validates every grading pack against its question's rubric; prints a line per question. */
import { nearestOutOfScope, OUT_OF_SCOPE_MARGIN } from "@/lib/search/out-of-scope";
import { openQueryRouter, ROUTE_TOP_K } from "@/lib/search/query-router";
import { getBank } from "@/lib/bank/load";
import { loadPack } from "@/lib/bank/pack";
import { getMatcher } from "@/lib/grading/local/matcher";
import { rubricPoints } from "@/lib/grading/rubric";

/**
 * Misconception phrasings built only from words the question's correct phrasings use ("prefetch_related
 * uses a join"): the judge tells them from a right answer by similarity margins alone, so a pack
 * author may want to say what makes them wrong in words of their own.
 */
const matcher = getMatcher();
const minimalPairs = (questionId: string) => matcher.exemplars.filter((e, i) => e.questionId === questionId && e.kind === "mis" && !matcher.distinct[i]).length;

let failed = false;
for (const question of getBank()) {
  const points = rubricPoints(question);
  try {
    const pack = loadPack(
      question,
      points.map((p) => p.id),
    );
    if (!pack) {
      console.log(`${question.id}: no pack`);
      continue;
    }
    const missing = points.filter((p) => !pack.points[p.id]).map((p) => p.id);
    const says = Object.values(pack.points).reduce((n, p) => n + p.says.length, 0);
    const near = Object.values(pack.points).reduce((n, p) => n + p.nearMisses.length, 0);
    const mis = pack.misconceptions.reduce((n, m) => n + m.says.length, 0);
    console.log(
      `${question.id}: ${points.length - missing.length}/${points.length} points, ${says} says, ${near} near-misses, ${pack.misconceptions.length} misconceptions (${mis} phrasings, ${minimalPairs(question.id)} in correct words only), ${pack.offTopic.length} off-topic, ${pack.askedAs.length} askedAs` +
        (missing.length ? `; MISSING POINTS: ${missing.join(", ")}` : ""),
    );
    if (missing.length) failed = true;
  } catch (error) {
    failed = true;
    console.log(`${question.id}: ERROR ${(error as Error).message}`);
  }
}

/**
 * Out-of-scope phrasings that take a pack's own askedAs: each askedAs scored against its question
 * without itself (leave-one-out, as an unseen query would be) and against the nearest out-of-scope
 * topic (content/out-of-scope.json). One listed here would be answered "not covered": a topic
 * phrasing too near the bank, or an askedAs the rest of its pack does not back. Reported, not failed.
 */
const router = openQueryRouter();
const taken: string[] = [];
let asked = 0;
router.exemplars.forEach((e, i) => {
  if (e.kind !== "asked") return;
  asked++;
  const sims = router.similarities(e.text);
  const own = router.exemplars
    .flatMap((o, j) => (j !== i && o.questionId === e.questionId ? [sims[j]!] : []))
    .sort((a, b) => b - a)
    .slice(0, ROUTE_TOP_K);
  const score = own.reduce((a, b) => a + b, 0) / ROUTE_TOP_K;
  const topic = nearestOutOfScope(e.text, router);
  if (topic && score - topic.score < OUT_OF_SCOPE_MARGIN) taken.push(`  ${e.questionId}: "${e.text}" → ${topic.topic} (${(score - topic.score).toFixed(3)})`);
});
console.log(`\naskedAs an out-of-scope topic would take (leave-one-out, margin ${OUT_OF_SCOPE_MARGIN}): ${taken.length}/${asked}`);
for (const line of taken) console.log(line);
process.exit(failed ? 1 : 0);
