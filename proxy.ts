import { NextResponse, type NextRequest } from "next/server";
import { RehearseError } from "@/lib/errors";

/**
 * Malformed percent-encoding in a path (`/api/sessions/%E0%A4%A`, `/questions/%ZZ`). Next decodes
 * dynamic segments itself, before any of our code runs, and answers a bad escape with a plain-text
 * 500. Here, ahead of routing, an API path gets a 400 in the error shape and a page the app's
 * not-found page.
 */
export function proxy(request: NextRequest): Response {
  const path = request.nextUrl.pathname;
  if (decodes(path)) return NextResponse.next();
  if (path === "/api" || path.startsWith("/api/")) {
    return new RehearseError("bad_request:api", "The address is not valid percent-encoding (each % must start a UTF-8 escape such as %20).").toResponse();
  }
  // Any path no page has: Next renders the not-found page (status 404) instead of failing.
  return NextResponse.rewrite(new URL("/_malformed-address", request.url));
}

function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // Only paths with a `%` can be malformed. Next hands a proxy a buffered copy of the request body,
  // and waits for all of it: keeping every other request out of here keeps the routes' own body
  // limits (app/api/_lib/request.ts) the ones that apply.
  matcher: ["/(.*%.*)"],
};
