/**
 * Search performance: index build and load time, latency p50/p99 over many queries (titles,
 * key points and the dev set, cycled), offline ask latency (route + coverage + extractive answer)
 * on the same queries, and peak RSS. `npx tsx --conditions=react-server scripts/bench-search.ts [--queries N]`
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadBank } from "@/lib/bank/load";
import { getEmbedder } from "@/lib/embeddings";
import { buildBankIndex, contentHash, loadBankIndex, saveBankIndex } from "@/lib/search/bank-index";
import { askBank } from "@/lib/interview/ask";
import { searchIndex } from "@/lib/search/search";
import type { SearchMode } from "@/lib/search/types";
import { readRetrievalCases } from "./eval-retrieval";
import { runIfMain } from "./run-main";

export interface SearchBench {
  embedder: string;
  buildMs: number;
  loadMs: number;
  indexBytes: number;
  queries: number;
  latencyMs: Record<SearchMode, { p50: number; p99: number }>;
  /** `askBank` offline (route, coverage, extractive answer) on the saved index. */
  askMs: { p50: number; p99: number };
  peakRssMb: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchSearch(queryCount = 2000): Promise<SearchBench> {
  const embedder = await getEmbedder();
  const questions = loadBank();
  const dir = mkdtempSync(path.join(tmpdir(), "rehearse-bench-"));
  try {
    const file = path.join(dir, "bank-index.json");
    let t = performance.now();
    const built = await buildBankIndex(embedder, questions, contentHash());
    const buildMs = performance.now() - t;
    saveBankIndex(built, file);

    t = performance.now();
    const index = loadBankIndex(embedder, file);
    const loadMs = performance.now() - t;

    const pool = [...questions.map((q) => q.title), ...questions.flatMap((q) => q.keyPoints), ...readRetrievalCases().map((c) => c.query)];
    const latencyMs = {} as SearchBench["latencyMs"];
    for (const mode of ["fulltext", "vector", "hybrid"] as SearchMode[]) {
      const times: number[] = [];
      for (let i = 0; i < queryCount; i++) {
        const query = pool[i % pool.length]!;
        const start = performance.now();
        await searchIndex(index, embedder, query, { mode });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      latencyMs[mode] = { p50: percentile(times, 50), p99: percentile(times, 99) };
    }
    // Asking: the same pool, offline (the process's own index, as the app and the CLI use it).
    const askTimes: number[] = [];
    await askBank(pool[0]!, { offline: true }); // opens the index and router once, not timed
    for (let i = 0; i < Math.min(queryCount, 1000); i++) {
      const query = pool[i % pool.length]!;
      const start = performance.now();
      await askBank(query, { offline: true });
      askTimes.push(performance.now() - start);
    }
    askTimes.sort((a, b) => a - b);
    return {
      askMs: { p50: percentile(askTimes, 50), p99: percentile(askTimes, 99) },
      embedder: embedder.id,
      buildMs,
      loadMs,
      indexBytes: statSync(file).size,
      queries: queryCount,
      latencyMs,
      // maxRSS is in kilobytes.
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatSearchBench(b: SearchBench): string {
  const rows = Object.entries(b.latencyMs).map(([mode, l]) => `  ${mode.padEnd(8)} p50 ${l.p50.toFixed(2)} ms  p99 ${l.p99.toFixed(2)} ms`);
  return [
    `Search bench (${b.embedder}, ${b.queries} queries per mode)`,
    `  index build ${b.buildMs.toFixed(0)} ms, load ${b.loadMs.toFixed(0)} ms, size ${(b.indexBytes / 1024).toFixed(0)} KB`,
    ...rows,
    `  ask (offline) p50 ${b.askMs.p50.toFixed(2)} ms  p99 ${b.askMs.p99.toFixed(2)} ms`,
    `  peak RSS ${b.peakRssMb.toFixed(0)} MB`,
  ].join("\n");
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { queries: { type: "string" }, json: { type: "boolean" } } });
  const result = await benchSearch(values.queries ? Number(values.queries) : 2000);
  console.log(values.json ? JSON.stringify(result) : formatSearchBench(result));
  return 0;
}

runIfMain(import.meta.url, () => main());
