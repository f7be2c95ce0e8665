import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";
import { wellFormed } from "@/lib/text/well-formed";

export const questionSearchSchema = z.object({
  q: wellFormed(z.string().trim().max(500)).optional(),
  track: trackSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
