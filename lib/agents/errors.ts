/** Why the broker refused: a stable code, an HTTP status, a sentence for a person. Never a secret. */
export const AGENT_REFUSALS = {
  no_grant: 403,
  operation_not_granted: 403,
  grant_expired: 403,
  grant_used_up: 403,
  method_not_granted: 403,
  path_not_granted: 403,
  agent_revoked: 401,
  rate_limited: 429,
  provider_not_proxied: 404,
  invalid_path: 400,
  request_too_large: 413,
  upstream_timeout: 504,
  upstream_unreachable: 502,
  key_service_unavailable: 503,
  invalid_request: 400,
} as const;

export type AgentRefusalCode = keyof typeof AGENT_REFUSALS;

export class AgentRefusal extends Error {
  readonly status: number;
  constructor(
    readonly code: AgentRefusalCode,
    message: string,
    readonly extra: Record<string, string | number | null> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AgentRefusal";
    this.status = AGENT_REFUSALS[code];
  }
}

/**
 * The org has no usable credential for this provider: a credential request was filed (or the
 * agent's pending one joined) on the agent's behalf. The agent shows the approval link to a person
 * and waits on the request as in the requests API; the link carries no secret.
 */
export class MissingCredential extends Error {
  readonly status = 409;
  readonly code = "credential_missing";
  constructor(
    readonly provider: string,
    readonly requestId: string,
    readonly approvalUrl: string,
    message: string,
  ) {
    super(message);
    this.name = "MissingCredential";
  }
}

export const isAgentRefusal = (e: unknown): e is AgentRefusal => e instanceof AgentRefusal;
export const isMissingCredential = (e: unknown): e is MissingCredential => e instanceof MissingCredential;
