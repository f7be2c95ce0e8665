import { getBank } from "@/lib/bank/load";
import { TRACK_LABELS, trackSchema } from "@/lib/bank/schema";
import { rubricPoints } from "@/lib/grading/rubric";
import { parseCommandArgs, UsageError } from "../usage";

/** Printed for `rehearse <command> --help` and after a usage error. */
export const USAGE = `Usage: rehearse questions [--json] [--track django|flask|fastapi]

  --json     print a JSON array of {id, track, title, answer, keyPoints, rubric: [{id, label, core}]}
  --track    only the questions of one track`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs({ args: argv, options: { json: { type: "boolean" }, track: { type: "string" } } }, USAGE);
  let track: ReturnType<typeof trackSchema.parse> | undefined;
  if (values.track !== undefined) {
    const parsed = trackSchema.safeParse(values.track);
    if (!parsed.success) throw new UsageError(`--track must be one of ${trackSchema.options.join(", ")}`, USAGE);
    track = parsed.data;
  }
  const questions = getBank().filter((q) => !track || q.track === track);
  if (values.json) {
    const rubricOf = (q: (typeof questions)[number]) => rubricPoints(q).map(({ id, label, core }) => ({ id, label: label ?? id, core }));
    console.log(
      JSON.stringify(questions.map((q) => ({ id: q.id, track: q.track, title: q.title, answer: q.answer, keyPoints: q.keyPoints, rubric: rubricOf(q) }))),
    );
    return 0;
  }
  for (const q of questions) console.log(`${TRACK_LABELS[q.track].padEnd(8)} ${q.id.padEnd(45)} ${q.title}`);
  console.log(`\n${questions.length} questions`);
  return 0;
}
