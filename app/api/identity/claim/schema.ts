import { z } from "zod";
import { wellFormed } from "@/lib/text/well-formed";

export const claimLinkSchema = z.object({
  /** The token from /carry/<token>. */
  token: wellFormed(z.string().min(1).max(200)),
});
