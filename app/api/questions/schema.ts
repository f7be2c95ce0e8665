import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";

export const questionSearchSchema = z.object({
  q: z.string().trim().max(500).optional(),
  track: trackSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
