import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";

export const searchModeSchema = z.enum(["fulltext", "vector", "hybrid"]);
export type SearchMode = z.infer<typeof searchModeSchema>;

export const searchHitSchema = z.object({
  id: z.string(),
  title: z.string(),
  track: trackSchema,
  score: z.number(),
  /** The chunk of the question that matched: its title, a section of the answer or its key points. */
  passage: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

export interface SearchOptions {
  mode?: SearchMode;
  limit?: number;
  track?: z.infer<typeof trackSchema>;
}
