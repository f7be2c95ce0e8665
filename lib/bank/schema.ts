import { z } from "zod";

export const TRACKS = ["django", "flask", "fastapi"] as const;
export const trackSchema = z.enum(TRACKS);
export type Track = z.infer<typeof trackSchema>;

export const TRACK_LABELS: Record<Track, string> = {
  django: "Django",
  flask: "Flask",
  fastapi: "FastAPI",
};

/** One question of the bank, parsed from a markdown file under content/. */
export const questionSchema = z.object({
  /** Stable id: `track/slug-of-the-title`. Editing the answer never changes it. */
  id: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
  track: trackSchema,
  /** The title exactly as written, without the "Q2:" prefix. */
  title: z.string().min(1),
  /** The answer as markdown (code fences kept), without the "Answer:" label and the key-point list. */
  answer: z.string().min(1),
  /** The list that follows the answer ("Key Points", "Key Features" or "Request Flow"). */
  keyPoints: z.array(z.string().min(1)),
  /** The label of that list as written, e.g. "Key Points". */
  keyPointsLabel: z.string(),
  source: z.object({ file: z.string(), line: z.number().int().positive() }),
});
export type Question = z.infer<typeof questionSchema>;
