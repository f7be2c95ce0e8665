/**
 * Asking the interviewer, offline, on a retrieval set: for an in-bank query the answer is right when
 * its first source is an expected question, it contains the row's `fact` (when it has one) and it
 * is at most 1,200 characters; an out-of-bank query (no expected question) must be answered "not
 * covered" (grounded: false). `npx tsx --conditions=react-server scripts/eval-ask.ts [--file F] [--misses] [--calibrate]`
 *
 * --calibrate prints the best settings of the coverage decision's grid (the costs of unknown words,
 * COVERAGE_THRESHOLD and OUT_OF_SCOPE_MARGIN, lib/interview/ask-coverage.ts) on the file: run it on the dev set only, never on a
 * held-out set.
 */
import { parseArgs } from "node:util";
import { askBank, BANK_UNKNOWN_WORD_COST, COVERAGE_THRESHOLD, coverageInputs, MAX_ANSWER_CHARS, OUT_OF_SCOPE_MARGIN } from "@/lib/interview/ask";
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

async function calibrate(cases: RetrievalCase[]): Promise<void> {
  const inputs = await Promise.all(cases.map(async (c) => ({ c, ...(await coverageInputs(c.query)) })));
  const inBank = inputs.filter((i) => i.c.expected.length > 0).length;
  const rows: { cost: number; bankCost: number; threshold: number; margin: number; covered: number; refused: number }[] = [];
  for (const cost of [0, 0.25, 0.5]) {
    for (const bankCost of [0, 0.25, 0.5]) {
      for (const threshold of [0.05, 0.1, 0.15, 0.2, 0.25]) {
        for (const margin of [-Infinity, -0.05, 0, 0.03, 0.05, 0.08, 0.1, 0.12]) {
          let covered = 0;
          let refused = 0;
          for (const i of inputs) {
            const ok = i.routerScore - cost * i.unknownShare - bankCost * i.bankUnknownShare >= threshold && i.routerScore - i.outOfScopeScore >= margin;
            if (i.c.expected.length > 0 && ok) covered++;
            if (i.c.expected.length === 0 && !ok) refused++;
          }
          rows.push({ cost, bankCost, threshold, margin, covered, refused });
        }
      }
    }
  }
  // The pick: most right decisions; ties to fewer in-bank questions refused, then the smaller costs,
  // then the lower threshold and margin (fewer refusals on queries unlike the dev set's).
  rows.sort(
    (a, b) =>
      b.covered + b.refused - (a.covered + a.refused) ||
      b.covered - a.covered ||
      a.cost + a.bankCost - (b.cost + b.bankCost) ||
      a.threshold - b.threshold ||
      a.margin - b.margin,
  );
  console.log("question-unknown cost  bank-unknown cost  threshold  out-of-scope margin  in-bank covered  out-of-bank refused");
  for (const r of rows.slice(0, 15)) {
    const margin = Number.isFinite(r.margin) ? r.margin.toFixed(2) : "off";
    console.log(
      `${r.cost.toFixed(2).padStart(21)}  ${r.bankCost.toFixed(2).padStart(17)}  ${r.threshold.toFixed(2).padStart(9)}  ${margin.padStart(19)}  ${`${r.covered}/${inBank}`.padStart(15)}  ${`${r.refused}/${inputs.length - inBank}`.padStart(19)}`,
    );
  }
  console.log(
    `\nin use: question-unknown cost 0, bank-unknown cost ${BANK_UNKNOWN_WORD_COST}, threshold ${COVERAGE_THRESHOLD}, out-of-scope margin ${OUT_OF_SCOPE_MARGIN}`,
  );
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { file: { type: "string" }, misses: { type: "boolean" }, calibrate: { type: "boolean" }, json: { type: "boolean" } },
  });
  const file = values.file ?? DEV_SET;
  const cases = readRetrievalCases(file);
  if (values.calibrate) {
    await calibrate(cases);
    return 0;
  }
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
