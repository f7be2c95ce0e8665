import { z } from "zod";
import { trackSchema } from "@/lib/bank/schema";

export const progressQuerySchema = z.object({
  track: trackSchema.optional(),
});
