import { z } from "zod";

export const claimLinkSchema = z.object({
  /** The token from /carry/<token>. */
  token: z.string().min(1).max(200),
});
