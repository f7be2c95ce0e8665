import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The layers of lib/ read top-down: a module imports its own layer and the layers below it, never
 * one above. From the top (app/ sits above all of them):
 *
 *   cli, startup        entry points: the CLI's commands, what runs when the server starts
 *   interview           the interviewer (state machine, turns, asking the bank)
 *   voice               spoken answers: transcription and delivery (grades nothing; uses grading's rubric)
 *   progress            spaced repetition, reports, the records read from storage
 *   grading             rubric, judges, scores
 *   search              the Orama index, the query router, the thesaurus
 *   embeddings          local and OpenAI-compatible embedders
 *   ai                  models by role, withFallback, structured output
 *   limits, bank        rate limits and the daily LLM budget (withFallback asks it); the question bank
 *   text, errors, identity
 *                       the text analyser and features (a question's id is made from its title's words); the
 *                       error classes; the identity cookie
 *   db, ai/failure*, turn-timing
 *                       storage (schema, queries that take a transaction), the LLM failure vocabulary, and
 *                       where an interview turn spends its time (for the benchmark)
 *   env, process-wide   validated environment; values shared by every bundle of a module in one process
 *
 * db is a leaf: besides itself it may import only env, drizzle, pg, PGlite, node built-ins and the
 * server-only marker.
 */
const RANKS: Record<string, number> = {
  cli: 11,
  startup: 11,
  interview: 10,
  voice: 9,
  progress: 8,
  grading: 7,
  search: 6,
  embeddings: 5,
  ai: 4,
  limits: 3,
  bank: 3,
  text: 2,
  errors: 2,
  identity: 2,
  db: 1,
  "ai-failure": 1,
  "turn-timing": 1,
  env: 0,
  "process-wide": 0,
};

const LIB = path.join(process.cwd(), "lib");

/** The layer of a file under lib/: its folder, or for a top-level file its name. */
export function layerOf(file: string): string {
  const rel = path.relative(LIB, file).split(path.sep);
  if (rel[0] === "ai" && /^failure(-codes)?\.ts$/.test(rel[1] ?? "")) return "ai-failure";
  return rel.length === 1 ? rel[0]!.replace(/\.tsx?$/, "") : rel[0]!;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "migrations" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g,
  )) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** The file under lib/ a specifier names, or null for a package. */
function resolved(from: string, specifier: string): string | null {
  if (specifier.startsWith("@/")) return path.join(process.cwd(), specifier.slice(2));
  if (specifier.startsWith(".")) return path.resolve(path.dirname(from), specifier);
  return null;
}

export interface Violation {
  file: string;
  imports: string;
  why: string;
}

export function layerViolations(file: string, source: string): Violation[] {
  const from = layerOf(file);
  const rel = path.relative(process.cwd(), file);
  const out: Violation[] = [];
  for (const specifier of importsOf(source)) {
    const target = resolved(file, specifier);
    if (target === null) {
      if (from === "db" && !/^(drizzle-orm|pg|@electric-sql\/pglite|node:|server-only$)/.test(specifier))
        out.push({ file: rel, imports: specifier, why: "db imports a package other than drizzle, pg, PGlite, node or server-only" });
      continue;
    }
    if (!target.startsWith(LIB + path.sep)) {
      out.push({ file: rel, imports: specifier, why: "lib imports from outside lib" });
      continue;
    }
    const to = layerOf(target.replace(/(\.tsx?)?$/, ".ts"));
    if (to === from) continue;
    const fromRank = RANKS[from];
    const toRank = RANKS[to];
    if (fromRank === undefined || toRank === undefined)
      out.push({ file: rel, imports: specifier, why: `layer ${fromRank === undefined ? from : to} has no place in the order` });
    else if (toRank >= fromRank)
      out.push({ file: rel, imports: specifier, why: `${from} imports ${to}, a layer ${toRank > fromRank ? "above" : "beside"} it` });
  }
  return out;
}

describe("the layers of lib/", () => {
  it("never import upward (app → interview → progress → grading → search → text; db and env leaves)", () => {
    const violations = sourceFiles(LIB).flatMap((file) => layerViolations(file, readFileSync(file, "utf8")));
    expect(violations).toEqual([]);
  });

  it("catches a real upward import", () => {
    const file = path.join(LIB, "db", "attempts.ts");
    const source = readFileSync(file, "utf8") + '\nimport type { Assessment } from "@/lib/grading/assessment";\n';
    expect(layerViolations(file, source)).toEqual([
      { file: "lib/db/attempts.ts", imports: "@/lib/grading/assessment", why: "db imports grading, a layer above it" },
    ]);
    const text = path.join(LIB, "text", "analyser.ts");
    expect(layerViolations(text, 'import { search } from "../search/search";')).toHaveLength(1);
  });
});
