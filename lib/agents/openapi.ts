import { AGENT_REFUSALS } from "./errors";

// The agent endpoints of the REST API, spread into lib/api/openapi.ts. They authenticate with an
// agent's token (Settings, Agents), not an org API key, so they carry no scope.

const json = (schema: object) => ({ "application/json": { schema } });
const agentError = { $ref: "#/components/schemas/AgentError" };
const AUTH_CODES = "missing_agent_token, invalid_agent_token, agent_revoked, agent_expired (401); agent_address_not_allowed (403); rate_limited (429, Retry-After)";
const errs = (extra: string) => ({
  "4XX": { description: `${AUTH_CODES}; ${extra}`, content: json(agentError) },
  "5XX": { description: "upstream_unreachable (502), key_service_unavailable (503), upstream_timeout (504), internal_error (500)", content: json(agentError) },
});
const provider = { name: "provider", in: "path", required: true, description: "Provider id, e.g. openai.", schema: { type: "string" } };
const credentialHeader = { name: "X-Switchboard-Credential", in: "header", required: false, description: "Which granted credential of the provider, by name, when the agent holds several.", schema: { type: "string" } };
const security = [{ agentToken: [] }];

export const agentSecurityScheme = { agentToken: { type: "http", scheme: "bearer", description: "An agent's token, sba_<prefix>_<secret>" } };

export const agentErrorSchema = {
  AgentError: {
    type: "object", required: ["error"],
    properties: { error: { type: "object", required: ["code", "message"], properties: {
      code: { type: "string", enum: [...Object.keys(AGENT_REFUSALS), "credential_missing", "missing_agent_token", "invalid_agent_token", "agent_expired", "agent_address_not_allowed", "method_not_allowed", "internal_error"] },
      message: { type: "string" },
      retry_after: { type: "integer" },
      request_id: { type: "string", format: "uuid", description: "credential_missing: the credential request filed (or joined) for the agent." },
      approval_url: { type: "string", description: "credential_missing: where a signed-in admin adds the key; the link itself grants nothing." },
    } } },
  },
};

export const agentPaths = {
  "/api/v1/agent/proxy/{provider}/{path}": Object.fromEntries(["get", "post", "put", "patch", "delete"].map((m) => [m, {
    summary: "A call to the provider's own API through Switchboard, within the agent's proxy grant",
    description: "The path after the provider is the provider's API path (e.g. /api/v1/agent/proxy/openai/v1/models), with its query. Switchboard adds the org's credential, forwards to the provider's API origin only, never follows a redirect, streams the answer back without cookies or the credential, and audits the call. HEAD works too. Request bodies are capped at 1 MB.",
    security, parameters: [provider, { name: "path", in: "path", required: true, description: "The provider's API path, one or more segments.", schema: { type: "string" } }, credentialHeader],
    responses: {
      default: { description: "The provider's answer, as it is (status, headers without Set-Cookie or the credential, body with the credential replaced if echoed)." },
      409: { description: "credential_missing: the org has no usable credential; a credential request was filed or joined (request_id, approval_url).", content: json(agentError) },
      ...errs("no_grant, operation_not_granted, grant_expired, grant_used_up, method_not_granted, path_not_granted (403); invalid_path (400); provider_not_proxied (404); request_too_large (413)"),
    },
  }])),
  "/api/v1/agent/reveal/{provider}": {
    get: { summary: "The credential itself under a reveal grant (AWS: a short-lived STS credential); each reveal is audited", security, parameters: [provider, credentialHeader],
      responses: {
        200: { description: "The credential's env variables", content: json({ type: "object", properties: {
          provider: { type: "string" }, credential: { type: "object", properties: { name: { type: "string" }, fingerprint: { type: ["string", "null"] } } },
          derived: { type: "boolean", description: "True for a credential made for this reveal (AWS STS), false for the stored one." },
          expires_at: { type: ["string", "null"], format: "date-time" }, env: { type: "object", additionalProperties: { type: "string" } },
        } }) },
        409: { description: "credential_missing (request_id, approval_url)", content: json(agentError) },
        ...errs("no_grant, operation_not_granted, grant_expired, grant_used_up (403)"),
      } },
  },
  "/api/v1/agent/env": {
    get: { summary: "The agent's env grants as a .env file", security,
      responses: {
        200: { description: "dotenv text; granted providers left out are named in X-Switchboard-Skipped (provider=reason).", content: { "text/plain": { schema: { type: "string" } } } },
        ...errs("operation_not_granted (403: no env grant)"),
      } },
  },
};
