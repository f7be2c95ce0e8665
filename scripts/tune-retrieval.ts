/**
 * Are the ranking knobs tuned to the dev set? Scores a small grid of SearchTuning settings on
 * eval/retrieval-dev.jsonl and reports, for hybrid mode, the in-sample best next to
 * leave-one-out and 2-fold cross-validated figures: each held-out query is ranked with the
 * setting picked (by MRR) on the other queries only. Also scores the default on a held-out file.
 * `npx tsx --conditions=react-server scripts/tune-retrieval.ts [--holdout eval/retrieval-extra.jsonl ...]`
 */
import { parseArgs } from "node:util";
import { getSearchIndex, searchIndex, DEFAULT_TUNING, type SearchTuning } from "@/lib/search/search";
import { readRetrievalCases, type RetrievalCase } from "./eval-retrieval";
import { runIfMain } from "./run-main";

export const TUNING_GRID: SearchTuning[] = [];
for (const rrfK of [10, 60]) {
  for (const vector of [0.5, 0.75, 1, 1.5, 2]) {
    for (const offTrackFactor of [0.6, 0.8, 1]) {
      TUNING_GRID.push({ ...DEFAULT_TUNING, rrfK, hybridWeights: { text: 1, vector }, offTrackFactor });
    }
  }
}

interface Figures {
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

function figures(ranks: number[]): Figures {
  const n = ranks.length || 1;
  return {
    recallAt1: ranks.filter((r) => r === 1).length / n,
    recallAt3: ranks.filter((r) => r >= 1 && r <= 3).length / n,
    mrr: ranks.reduce((sum, r) => sum + (r >= 1 ? 1 / r : 0), 0) / n,
  };
}

/** Rank (1-based, 0 = not in the top 10) of the first expected title for each case. */
async function ranksWith(tuning: SearchTuning, cases: RetrievalCase[]): Promise<number[]> {
  const { index, embedder } = await getSearchIndex();
  const ranks: number[] = [];
  for (const c of cases) {
    const hits = await searchIndex(index, embedder, c.query, { mode: "hybrid", limit: 10 }, tuning);
    ranks.push(hits.findIndex((h) => c.expected.includes(h.title)) + 1);
  }
  return ranks;
}

/** The grid setting with the best MRR over the cases kept; ties go to the earlier setting. */
function pick(ranksBySetting: number[][], keep: (i: number) => boolean): number {
  let best = 0;
  let bestMrr = -1;
  ranksBySetting.forEach((ranks, s) => {
    const mrr = figures(ranks.filter((_, i) => keep(i))).mrr;
    if (mrr > bestMrr) [best, bestMrr] = [s, mrr];
  });
  return best;
}

const show = (f: Figures) => `R@1 ${f.recallAt1.toFixed(3)}  R@3 ${f.recallAt3.toFixed(3)}  MRR ${f.mrr.toFixed(3)}`;
const describe = (t: SearchTuning) => `rrfK ${t.rrfK}, vector weight ${t.hybridWeights.vector}, off-track ${t.offTrackFactor}`;

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { holdout: { type: "string", multiple: true } } });
  const cases = readRetrievalCases();
  const ranksBySetting: number[][] = [];
  for (const tuning of TUNING_GRID) ranksBySetting.push(await ranksWith(tuning, cases));

  const inSample = pick(ranksBySetting, () => true);
  const loo = cases.map((_, i) => ranksBySetting[pick(ranksBySetting, (j) => j !== i)]![i]!);
  const twoFold = cases.map((_, i) => ranksBySetting[pick(ranksBySetting, (j) => j % 2 !== i % 2)]![i]!);

  // The setting leave-one-out picks most often: what LOO would ship.
  const looPicks = cases.map((_, i) => pick(ranksBySetting, (j) => j !== i));
  const counts = new Map<number, number>();
  for (const s of looPicks) counts.set(s, (counts.get(s) ?? 0) + 1);
  const looChoice = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];

  console.log(`Hybrid tuning on ${cases.length} dev queries, ${TUNING_GRID.length} settings`);
  console.log(`  default (${describe(DEFAULT_TUNING)}): ${show(figures(await ranksWith(DEFAULT_TUNING, cases)))}`);
  console.log(`  in-sample best (${describe(TUNING_GRID[inSample]!)}): ${show(figures(ranksBySetting[inSample]!))}`);
  console.log(
    `  picked most often by leave-one-out (${counts.get(looChoice)}/${cases.length}): ${describe(TUNING_GRID[looChoice]!)}: ${show(figures(ranksBySetting[looChoice]!))}`,
  );
  console.log(`  leave-one-out: ${show(figures(loo))}`);
  console.log(`  2-fold (odd/even): ${show(figures(twoFold))}`);
  for (const file of values.holdout ?? []) {
    const held = readRetrievalCases(file);
    console.log(`  default on ${file} (${held.length}): ${show(figures(await ranksWith(DEFAULT_TUNING, held)))}`);
    console.log(`  leave-one-out's pick on ${file}: ${show(figures(await ranksWith(TUNING_GRID[looChoice]!, held)))}`);
  }
  return 0;
}

runIfMain(import.meta.url, () => main());
