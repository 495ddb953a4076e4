import { apiError } from "./errors";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

/**
 * Handlers for the methods a route does not take, answering 405 in the API's error shape with an
 * Allow header; Next's own 405 has an empty body. HEAD and OPTIONS stay Next's (HEAD follows GET).
 */
export function otherMethods(...allowed: Method[]): Record<Method, () => Response> {
  const allow = allowed.join(", ");
  const refuse = () => apiError("method_not_allowed", `This endpoint takes ${allowed.join(" or ")} only.`, {}, { Allow: allow });
  return Object.fromEntries(METHODS.map((m) => [m, refuse])) as Record<Method, () => Response>;
}
