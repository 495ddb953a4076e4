/**
 * The REST API's one error shape, `{ error: { code, message } }`, with stable codes. Clients
 * branch on the code; the message is a sentence for a person and may change.
 */
export const API_ERRORS = {
  missing_api_key: 401,
  invalid_api_key: 401,
  api_key_expired: 401,
  api_key_revoked: 401,
  org_forbidden: 403,
  insufficient_scope: 403,
  rate_limited: 429,
  validation_rate_limited: 429,
  request_rate_limited: 429,
  request_not_pending: 409,
  unknown_provider: 404,
  not_found: 404,
  method_not_allowed: 405,
  invalid_json: 400,
  invalid_request: 400,
  invalid_credential: 400,
  credential_rejected: 422,
  plan_limit_reached: 402,
  credential_unreadable: 409,
  name_taken: 409,
  validation_unavailable: 503,
  key_service_unavailable: 503,
  database_unavailable: 503,
  internal_error: 500,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function apiError(
  code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {},
): Response {
  return Response.json(
    { error: { code, message, ...extra } },
    { status: API_ERRORS[code], headers: { "Cache-Control": "no-store", ...headers } },
  );
}

/** A JSON success body; never cached, since every answer is per key and may describe secrets' state. */
export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}
