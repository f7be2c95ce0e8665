import { trackSchema } from "@/lib/bank/schema";
import { searchBank } from "@/lib/search/search";
import { searchModeSchema, type SearchHit, type SearchOptions } from "@/lib/search/types";
import { parseCommandArgs, queriesOf, UsageError } from "../usage";

const USAGE = `Usage: rehearse search "<query>" [--limit N] [--mode fulltext|vector|hybrid] [--track T] [--json]
       rehearse search --input FILE.jsonl [--limit N] [--mode M] [--track T]

  --limit    results per query (default 5)
  --mode     fulltext (BM25), vector or hybrid (default)
  --track    only questions of django, flask or fastapi
  --json     print {"query", "results": [...]} as JSON
  --input    read JSON lines with a "query" field; print one JSON line per input, same order`;

function toJson(query: string, hits: SearchHit[]) {
  return { query, results: hits.map(({ id, title, track, score, passage }) => ({ id, title, track, score, passage })) };
}

function printReadable(query: string, hits: SearchHit[]): void {
  if (hits.length === 0) {
    console.log(`No question matches "${query}".`);
    return;
  }
  hits.forEach((hit, i) => {
    const passage = hit.passage.replace(/\s+/g, " ").trim();
    console.log(`${i + 1}. ${hit.title}  [${hit.track}, ${hit.id}, score ${hit.score.toFixed(3)}]`);
    console.log(`   ${passage.length > 160 ? `${passage.slice(0, 157)}...` : passage}`);
  });
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        limit: { type: "string" },
        mode: { type: "string" },
        track: { type: "string" },
        json: { type: "boolean" },
        input: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    },
    USAGE,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }

  const options: SearchOptions = {};
  if (values.limit !== undefined) {
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer, got "${values.limit}"`, USAGE);
    options.limit = limit;
  }
  if (values.mode !== undefined) {
    const mode = searchModeSchema.safeParse(values.mode);
    if (!mode.success) throw new UsageError(`--mode must be one of ${searchModeSchema.options.join(", ")}, got "${values.mode}"`, USAGE);
    options.mode = mode.data;
  }
  if (values.track !== undefined) {
    const track = trackSchema.safeParse(values.track);
    if (!track.success) throw new UsageError(`--track must be one of ${trackSchema.options.join(", ")}, got "${values.track}"`, USAGE);
    options.track = track.data;
  }

  const { queries, fromFile } = queriesOf(values.input, positionals, USAGE);
  for (const query of queries) {
    const hits = await searchBank(query, options);
    if (fromFile || values.json) console.log(JSON.stringify(toJson(query, hits)));
    else printReadable(query, hits);
  }
  return 0;
}
