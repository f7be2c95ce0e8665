import { RehearseError } from "@/lib/errors";

/** Any /api address no route has: a 404 in the error shape (not the HTML not-found page), whatever the method. */
function notFound(): Response {
  return new RehearseError("not_found:api", "There is no API at this address.").toResponse();
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
