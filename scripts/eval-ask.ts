/**
 * Asking the interviewer, offline, on a retrieval set: for an in-bank query the answer is right when
 * its first source is an expected question, it contains the row's `fact` (when it has one) and it
 * is at most 1,200 characters; an out-of-bank query (no expected question) must be answered "not
 * covered" (grounded: false). `npx tsx --conditions=react-server scripts/eval-ask.ts [--file F] [--misses] [--calibrate]`
 *
 * --calibrate prints the best settings of the coverage decision's grid (the costs of unknown words,
 * COVERAGE_THRESHOLD, OUT_OF_SCOPE_MARGIN and OUT_OF_SCOPE_CHANCE, lib/interview/ask-coverage.ts) on
 * the files given (`--file` repeated), and with two or more each file decided by the settings the
 * others pick. Never give it a set kept back for a final check.
 */
import { parseArgs } from "node:util";
import {
  askBank,
  BANK_UNKNOWN_WORD_COST,
  COVERAGE_THRESHOLD,
  coverageInputs,
  MAX_ANSWER_CHARS,
  OUT_OF_SCOPE_CHANCE,
  OUT_OF_SCOPE_MARGIN,
} from "@/lib/interview/ask";
import { DEV_SET, readRetrievalCases, type RetrievalCase } from "./eval-retrieval";
import { runIfMain } from "./run-main";
import { getBank } from "@/lib/bank/load";

export interface AskScores {
  inBank: number;
  /** In-bank answers with the right first source, the fact, ≤ 1,200 characters, grounded. */
  right: number;
  firstSource: number;
  fact: number;
  short: number;
  outOfBank: number;
  /** Out-of-bank questions answered "not covered". */
  saidSo: number;
  maxChars: number;
  misses: { query: string; why: string }[];
}

/** Compared without markdown backticks, case or spacing: "`{{ variable }}`" contains "{{ variable }}". */
function normalised(text: string): string {
  return text.replace(/`/g, "").replace(/\s+/g, " ").toLowerCase();
}

export async function scoreAsk(cases: RetrievalCase[]): Promise<AskScores> {
  const titles = new Map(getBank().map((q) => [q.id, q.title]));
  const s: AskScores = { inBank: 0, right: 0, firstSource: 0, fact: 0, short: 0, outOfBank: 0, saidSo: 0, maxChars: 0, misses: [] };
  for (const c of cases) {
    const r = await askBank(c.query, { offline: true });
    s.maxChars = Math.max(s.maxChars, r.answer.length);
    if (c.expected.length === 0) {
      s.outOfBank++;
      if (!r.grounded) s.saidSo++;
      else s.misses.push({ query: c.query, why: `out of bank, answered from ${r.sources[0]?.id}` });
      continue;
    }
    s.inBank++;
    const first = r.grounded && c.expected.includes(titles.get(r.sources[0]?.id ?? "") ?? "");
    const fact = !c.fact || normalised(r.answer).includes(normalised(c.fact));
    const short = r.answer.length <= MAX_ANSWER_CHARS;
    if (first) s.firstSource++;
    if (fact) s.fact++;
    if (short) s.short++;
    if (first && fact && short) s.right++;
    else
      s.misses.push({
        query: c.query,
        why: !r.grounded ? "said not covered" : !first ? `first source ${r.sources[0]?.id}` : !fact ? `no "${c.fact}"` : `${r.answer.length} chars`,
      });
  }
  return s;
}

export function formatAsk(s: AskScores): string {
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "–");
  return [
    `| in-bank (${s.inBank}) right | first source | fact | ≤ ${MAX_ANSWER_CHARS} chars | out-of-bank (${s.outOfBank}) said so | longest |`,
    "|---|---|---|---|---|---|",
    `| ${pct(s.right, s.inBank)} | ${pct(s.firstSource, s.inBank)} | ${pct(s.fact, s.inBank)} | ${pct(s.short, s.inBank)} | ${pct(s.saidSo, s.outOfBank)} | ${s.maxChars} |`,
  ].join("\n");
}

interface Setting {
  cost: number;
  bankCost: number;
  threshold: number;
  margin: number;
  chance: number;
}
type Inputs = { c: RetrievalCase; file: string } & Awaited<ReturnType<typeof coverageInputs>>;

function decide(i: Inputs, s: Setting): boolean {
  return (
    i.routerScore - s.cost * i.unknownShare - s.bankCost * i.bankUnknownShare >= s.threshold &&
    i.routerScore - i.outOfScopeScore >= s.margin &&
    i.outOfScopeChance < s.chance
  );
}

function tally(inputs: Inputs[], s: Setting): { covered: number; refused: number } {
  let covered = 0;
  let refused = 0;
  for (const i of inputs) {
    const ok = decide(i, s);
    if (i.c.expected.length > 0 && ok) covered++;
    if (i.c.expected.length === 0 && !ok) refused++;
  }
  return { covered, refused };
}

const GRID: Setting[] = [];
for (const cost of [0, 0.25])
  for (const bankCost of [0, 0.25, 0.5])
    for (const threshold of [0.05, 0.1, 0.15, 0.2])
      for (const margin of [-Infinity, -0.05, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1])
        for (const chance of [Infinity, 0.5, 0.6, 0.7, 0.8, 0.9]) GRID.push({ cost, bankCost, threshold, margin, chance });

/**
 * The grid's settings on `inputs`, best first: the most right decisions; ties to fewer in-bank
 * questions refused, then the smaller costs, then the lower threshold and margin and the higher
 * chance (fewer refusals on queries unlike these).
 */
function ranked(inputs: Inputs[]): (Setting & { covered: number; refused: number })[] {
  return GRID.map((s) => ({ ...s, ...tally(inputs, s) })).sort(
    (a, b) =>
      b.covered + b.refused - (a.covered + a.refused) ||
      b.covered - a.covered ||
      a.cost + a.bankCost - (b.cost + b.bankCost) ||
      a.threshold - b.threshold ||
      a.margin - b.margin ||
      b.chance - a.chance,
  );
}

const fixed = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "off");

async function calibrate(files: string[]): Promise<void> {
  const inputs: Inputs[] = [];
  for (const file of files) for (const c of readRetrievalCases(file)) inputs.push({ c, file, ...(await coverageInputs(c.query)) });
  const inBank = inputs.filter((i) => i.c.expected.length > 0).length;
  console.log("question-unknown cost  bank-unknown cost  threshold  out-of-scope margin  out-of-scope chance  in-bank covered  out-of-bank refused");
  for (const r of ranked(inputs).slice(0, 15)) {
    console.log(
      `${r.cost.toFixed(2).padStart(21)}  ${r.bankCost.toFixed(2).padStart(17)}  ${r.threshold.toFixed(2).padStart(9)}  ${fixed(r.margin).padStart(19)}  ${fixed(r.chance).padStart(19)}  ${`${r.covered}/${inBank}`.padStart(15)}  ${`${r.refused}/${inputs.length - inBank}`.padStart(19)}`,
    );
  }
  const inUse: Setting = { cost: 0, bankCost: BANK_UNKNOWN_WORD_COST, threshold: COVERAGE_THRESHOLD, margin: OUT_OF_SCOPE_MARGIN, chance: OUT_OF_SCOPE_CHANCE };
  const used = tally(inputs, inUse);
  console.log(
    `\nin use: question-unknown cost 0, bank-unknown cost ${BANK_UNKNOWN_WORD_COST}, threshold ${COVERAGE_THRESHOLD}, out-of-scope margin ${OUT_OF_SCOPE_MARGIN}, chance ${OUT_OF_SCOPE_CHANCE}: ${used.covered}/${inBank} covered, ${used.refused}/${inputs.length - inBank} refused`,
  );
  if (files.length < 2) return;
  // Each file decided by the settings the other files pick: how the calibration does on queries it was not set on.
  let covered = 0;
  let refused = 0;
  for (const file of files) {
    const pick = ranked(inputs.filter((i) => i.file !== file))[0]!;
    const held = tally(
      inputs.filter((i) => i.file === file),
      pick,
    );
    covered += held.covered;
    refused += held.refused;
    console.log(
      `leave ${file} out: picks bank-unknown cost ${pick.bankCost}, threshold ${pick.threshold}, margin ${fixed(pick.margin)}, chance ${fixed(pick.chance)} → on it ${held.covered} covered, ${held.refused} refused`,
    );
  }
  console.log(`leave-one-file-out: ${covered}/${inBank} in-bank covered, ${refused}/${inputs.length - inBank} out-of-bank refused`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { file: { type: "string", multiple: true }, misses: { type: "boolean" }, calibrate: { type: "boolean" }, json: { type: "boolean" } },
  });
  const files = values.file ?? [DEV_SET];
  if (values.calibrate) {
    await calibrate(files);
    return 0;
  }
  const file = files[0]!;
  const cases = readRetrievalCases(file);
  const scores = await scoreAsk(cases);
  if (values.json) {
    console.log(JSON.stringify(scores));
    return 0;
  }
  console.log(`Ask, offline, on ${file}\n`);
  console.log(formatAsk(scores));
  if (values.misses) for (const m of scores.misses) console.log(`  ${m.why}: ${m.query}`);
  return 0;
}

runIfMain(import.meta.url, () => main());
