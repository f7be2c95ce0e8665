import { z } from "zod";

export const exportQuerySchema = z.object({
  format: z.enum(["md", "json"]).default("md"),
  /** One session; without it, the whole history. */
  sessionId: z.uuid().optional(),
});
