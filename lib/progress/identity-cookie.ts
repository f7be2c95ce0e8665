import { cookies } from "next/headers";
import { IDENTITY_COOKIE, verifyIdentity } from "@/lib/identity";

/** The verified identity of the browser rendering a server component, or null. Never mints one. */
export async function identityFromCookies(): Promise<string | null> {
  const value = (await cookies()).get(IDENTITY_COOKIE)?.value;
  return value ? verifyIdentity(value) : null;
}
