import { RehearseError } from "@/lib/errors";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Handlers for the methods a route does not take: a 405 in the error shape, with `Allow`.
 * Without them Next answers a 405 with an empty body. A route exports the ones it lacks:
 *   export const { PUT, PATCH, DELETE } = otherMethods("POST");
 * (HEAD and OPTIONS Next answers itself.)
 */
export function otherMethods(...allowed: Method[]): Record<Method, () => Response> {
  const refuse = () =>
    new RehearseError("method_not_allowed:api", `This address takes ${allowed.join(" or ")} only.`).toResponse({ allow: allowed.join(", ") });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
