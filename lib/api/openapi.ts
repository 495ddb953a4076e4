import { agentErrorSchema, agentPaths, agentSecurityScheme } from "@/lib/agents/openapi";
import { CREDENTIAL_NAME_RULE } from "@/lib/zod/integrations";
import { API_ERRORS, type ApiErrorCode } from "./errors";

// The REST API v1, described once. Served at GET /api/v1/openapi.json; test/server/api-openapi.test.ts
// checks it lists every route under app/api/v1 and every error code.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ "application/json": { schema } });
const errors = (...codes: ApiErrorCode[]) =>
  Object.fromEntries([...new Set(codes.map((c) => API_ERRORS[c]))].map((status) => [
    String(status),
    { description: codes.filter((c) => API_ERRORS[c] === status).join(", "), content: json(ref("Error")) },
  ]));
// database_unavailable: any call while the database cannot be reached (503 with Retry-After, nothing changed).
const AUTH: ApiErrorCode[] = ["missing_api_key", "invalid_api_key", "api_key_expired", "api_key_revoked", "org_forbidden", "insufficient_scope", "rate_limited", "internal_error", "database_unavailable"];
const org = { name: "org", in: "path", required: true, description: "The org's slug. A key for another org, or a slug that does not exist, answers 403 org_forbidden alike.", schema: { type: "string" } };
const provider = { name: "provider", in: "path", required: true, description: "Provider id, e.g. openai or OPENAI.", schema: { type: "string" } };
const name = { name: "name", in: "query", required: false, description: "Credential name; the provider's default credential when omitted.", schema: { type: "string" } };
const scoped = (scope: string) => ({ security: [{ apiKey: [] }], "x-required-scope": scope });
const CHECK = {
  outcome: { type: "string", enum: ["valid", "invalid", "valid_but_insufficient", "rate_limited", "provider_outage", "unknown"] },
  reason: { type: "string" },
  account: { type: ["string", "null"] },
  details: { type: "object" },
};
const STATUS = { type: "string", enum: ["VALID", "INVALID", "PENDING", "NOT_CONFIGURED"] };
const REQUEST_STATE = { type: "string", enum: ["pending", "fulfilled", "declined", "expired", "canceled"] };
const requestId = { name: "id", in: "path", required: true, description: "The request's id.", schema: { type: "string", format: "uuid" } };
const oneRequest = (description: string) => ({ description, content: json({ type: "object", properties: { request: ref("CredentialRequest") } }) });

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Switchboard REST API",
    version: "1.0.0",
    description: "Org-scoped credential vault. Authenticate with an org API key (Settings, API keys) in X-API-Key. Scopes: read (list, get), write (setup, validate, delete; decline and fulfil credential requests), export (.env), request (file, read, wait for and cancel its own credential requests). Every key is rate-limited (429 with Retry-After). Errors are { error: { code, message } } with stable codes. When billing is on, a new credential beyond the org's plan is refused with 402 plan_limit_reached (limit, plan, allowed, count); existing credentials keep working. A method a path does not list answers 405 method_not_allowed with an Allow header.",
  },
  servers: [{ url: "/" }],
  components: {
    securitySchemes: { apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "sbk_<prefix>_<secret>" }, ...agentSecurityScheme },
    schemas: {
      ...agentErrorSchema,
      Error: {
        type: "object", required: ["error"],
        properties: { error: { type: "object", required: ["code", "message"], properties: {
          code: { type: "string", enum: Object.keys(API_ERRORS) },
          message: { type: "string" },
          fields: { type: "object", additionalProperties: { type: "array", items: { type: "string" } }, description: "Per-field sentences (400)." },
          required_scope: { type: "string" },
          retry_after: { type: "integer" },
        } } },
      },
      Credential: { type: "object", properties: {
        credential_id: { type: "string", format: "uuid" }, credential_name: { type: "string" }, is_default: { type: "boolean" }, status: STATUS,
        outcome: { type: ["string", "null"] }, reason: { type: ["string", "null"] }, account: { type: ["string", "null"] }, fingerprint: { type: ["string", "null"] },
        details: { type: "object" }, configured_at: { type: ["string", "null"], format: "date-time" }, last_validated_at: { type: ["string", "null"], format: "date-time" },
      } },
      Provider: { type: "object", required: ["provider", "status", "credentials"], properties: {
        provider: { type: "string", examples: ["OPENAI"] }, provider_id: { type: "string" }, name: { type: "string" }, status: STATUS,
        credential_id: { type: "string" }, credential_name: { type: "string" }, account: { type: ["string", "null"] }, fingerprint: { type: ["string", "null"] },
        last_validated_at: { type: ["string", "null"] }, created_at: { type: ["string", "null"] }, credentials: { type: "array", items: ref("Credential") },
      } },
      SetupRequest: { type: "object", required: ["credential"], properties: {
        credential: { oneOf: [{ type: "string" }, { type: "object", additionalProperties: { type: "string" } }], description: "A string for one-field providers; an object of the provider's field names otherwise (a service-account key file may be sent as its JSON object)." },
        credential_name: { type: "string", default: "default", maxLength: 80, pattern: "^[A-Za-z0-9_ .()-]+$", description: CREDENTIAL_NAME_RULE },
        metadata: { type: "object", description: "Accepted and checked for compatibility (at most 20 short scalar entries); not stored." },
        skip_validation: { type: "boolean", default: false, description: "Store without calling the provider, as PENDING." },
        clear_fields: { type: "array", items: { type: "string" }, default: [], description: "When replacing a credential of the same name, an optional secret left out keeps its stored value (Stripe's webhookSecret; AWS's sessionToken for the same access key; Twilio's authToken and apiKeySecret for the same SIDs). Name such fields here to remove them instead." },
      } },
      CredentialRequest: { type: "object", required: ["id", "provider", "state"], properties: {
        id: { type: "string", format: "uuid" }, group_id: { type: ["string", "null"], format: "uuid", description: "Shared by the requests of one call that asked for several providers." },
        provider: { type: "string", examples: ["OPENAI"] }, provider_id: { type: "string" }, provider_name: { type: "string" }, state: REQUEST_STATE,
        reason: { type: "string" }, requester: { type: "object", properties: { type: { type: "string", enum: ["user", "api_key", "agent"] }, label: { type: "string" } } },
        context: { type: "object", properties: { label: { type: ["string", "null"] }, env: { type: "array", items: { type: "string" } } } },
        created_at: { type: "string", format: "date-time" }, expires_at: { type: "string", format: "date-time" }, resolved_at: { type: ["string", "null"], format: "date-time" },
        credential_name: { type: ["string", "null"], description: "The credential that fulfilled it (never its secret)." },
        env: { type: "array", items: { type: "string" }, description: "Env variable names that credential fills in the .env, once fulfilled." },
        callback: { type: "boolean" }, approval_url: { type: "string", description: "Where a signed-in admin of the org approves it; the link grants nothing by itself." },
        coalesced: { type: "boolean", description: "On create: this requester's pending request for the provider was returned instead of a new one." },
      } },
      CreateRequest: { type: "object", required: ["reason"], properties: {
        provider: { type: "string", description: "One provider id (or send providers)." },
        providers: { type: "array", items: { type: "string" }, maxItems: 10, description: "Several: one request each, sharing a group_id." },
        reason: { type: "string", minLength: 3, maxLength: 280, description: "One line shown to the approver; control characters are refused." },
        context: { type: "object", properties: { label: { type: "string", maxLength: 80 }, env: { type: "array", maxItems: 20, items: { type: "string", pattern: "^[A-Z_][A-Z0-9_]*$" } } } },
        expires_in_minutes: { type: "integer", minimum: 1, maximum: 10080, default: 30 },
        callback_url: { type: "string", description: "https URL on a public address; receives one Standard Webhooks-signed POST of the outcome (retried with backoff)." },
      } },
      CheckResponse: { type: "object", required: ["success", "provider", "validation_status", "message"], properties: {
        success: { type: "boolean" }, provider: { type: "string" }, credential_id: { type: "string" }, credential_name: { type: "string" },
        replaced: { type: "boolean", description: "On a store: true when a credential of this name existed and its key was replaced." },
        validation_status: STATUS, message: { type: "string" }, ...CHECK,
      } },
    },
  },
  paths: {
    "/api/v1/integrations/{org}": {
      get: { summary: "Every provider with its status", ...scoped("read"), parameters: [org], responses: {
        200: { description: "Integrations map", content: json({ type: "object", properties: {
          org_slug: { type: "string" }, integrations: { type: "object", additionalProperties: ref("Provider") },
          all_valid: { type: "boolean", description: "Every stored credential is VALID (false when none)." },
          providers_configured: { type: "array", items: { type: "string" } },
        } }) },
        ...errors(...AUTH),
      } },
    },
    "/api/v1/integrations/{org}/{provider}": {
      get: { summary: "One provider and its named credentials", ...scoped("read"), parameters: [org, provider], responses: { 200: { description: "Provider", content: json(ref("Provider")) }, ...errors(...AUTH, "unknown_provider") } },
      delete: { summary: "Delete a credential and its secret", ...scoped("write"), parameters: [org, provider, name], responses: {
        200: { description: "Deleted", content: json({ type: "object", properties: { success: { type: "boolean" }, provider: { type: "string" }, credential_id: { type: "string" }, credential_name: { type: "string" }, message: { type: "string" } } }) },
        ...errors(...AUTH, "unknown_provider", "not_found"),
      } },
    },
    "/api/v1/integrations/{org}/{provider}/setup": {
      post: { summary: "Validate a credential with the provider and store it", ...scoped("write"), parameters: [org, provider],
        requestBody: { required: true, content: json(ref("SetupRequest")) },
        responses: { 200: { description: "Stored (VALID, or PENDING when skip_validation)", content: json(ref("CheckResponse")) },
          ...errors(...AUTH, "unknown_provider", "invalid_json", "invalid_request", "invalid_credential", "credential_rejected", "plan_limit_reached", "name_taken", "validation_unavailable", "validation_rate_limited", "key_service_unavailable") } },
    },
    "/api/v1/integrations/{org}/{provider}/validate": {
      post: { summary: "Re-check a stored credential", ...scoped("write"), parameters: [org, provider, name],
        responses: { 200: { description: "Checked; validation_status is the credential's status now", content: json(ref("CheckResponse")) }, ...errors(...AUTH, "unknown_provider", "not_found", "validation_rate_limited", "credential_unreadable", "key_service_unavailable") } },
    },
    "/api/v1/env/{org}": {
      get: { summary: "The org's .env (default credential of each provider)", ...scoped("export"), parameters: [org],
        responses: { 200: { description: "dotenv text. A variable that cannot be written safely is left out with a comment and named in X-Switchboard-Refused; a credential that cannot be decrypted is left out with a comment, its variables named in X-Switchboard-Omitted (keep your own values of those), and the org's admins are notified.",
          headers: {
            "X-Switchboard-Variables": { description: "How many variables the file sets.", schema: { type: "integer" } },
            "X-Switchboard-Refused": { description: "Comma-separated names left out because no dotenv quoting holds their value.", schema: { type: "string" } },
            "X-Switchboard-Omitted": { description: "Comma-separated names left out because their credential could not be decrypted (or its OAuth token fetched).", schema: { type: "string" } },
          },
          content: { "text/plain": { schema: { type: "string" } } } }, ...errors(...AUTH, "key_service_unavailable") } },
    },
    "/api/v1/requests/{org}": {
      post: { summary: "Ask the org's admins for a credential", ...scoped("request"), parameters: [org],
        requestBody: { required: true, content: json(ref("CreateRequest")) },
        responses: {
          201: { description: "Filed (coalesced ones are returned as they are)", content: json({ type: "object", properties: {
            request: ref("CredentialRequest"), group_id: { type: ["string", "null"] }, requests: { type: "array", items: ref("CredentialRequest") },
            webhook_secret: { type: "string", description: "whsec_…: verifies the callback's signature. Returned only here, once." },
          } }) },
          200: { description: "Every provider asked for already had a pending request from this key: those are returned" },
          ...errors(...AUTH, "invalid_json", "invalid_request", "request_rate_limited"),
        } },
      get: { summary: "This key's credential requests, newest first", ...scoped("request"),
        parameters: [org, { name: "state", in: "query", required: false, schema: REQUEST_STATE }],
        responses: { 200: { description: "Requests", content: json({ type: "object", properties: { org_slug: { type: "string" }, requests: { type: "array", items: ref("CredentialRequest") } } }) },
          ...errors(...AUTH, "invalid_request") } },
    },
    "/api/v1/requests/{org}/{id}": {
      get: { summary: "One request; with ?wait=N, once it is resolved or after N seconds", ...scoped("request"),
        parameters: [org, requestId, { name: "wait", in: "query", required: false, description: "Long poll up to this many seconds (at most 55). Always answers 200 with the state then: pending when nothing happened.", schema: { type: "number", minimum: 0, maximum: 55 } }],
        responses: { 200: oneRequest("The request as it stands"), ...errors(...AUTH, "invalid_request", "not_found") } },
    },
    "/api/v1/requests/{org}/{id}/events": {
      get: { summary: "One request as Server-Sent Events (fetch-based clients; send X-API-Key)", ...scoped("request"), parameters: [org, requestId],
        responses: { 200: { description: "event: request frames with the CredentialRequest as data: the state now, then the terminal state, after which the stream ends. Heartbeat comments keep it open; it ends itself before the platform's time limit (reconnect).", content: { "text/event-stream": { schema: { type: "string" } } } },
          ...errors(...AUTH, "not_found") } },
    },
    "/api/v1/requests/{org}/{id}/cancel": {
      post: { summary: "The requesting key withdraws its request", ...scoped("request"), parameters: [org, requestId],
        responses: { 200: oneRequest("Canceled"), ...errors(...AUTH, "not_found", "request_not_pending") } },
    },
    "/api/v1/requests/{org}/{id}/decline": {
      post: { summary: "Decline a request (an admin's key)", ...scoped("write"), parameters: [org, requestId],
        responses: { 200: oneRequest("Declined"), ...errors(...AUTH, "not_found", "request_not_pending") } },
    },
    "/api/v1/requests/{org}/{id}/fulfil": {
      post: { summary: "Fulfil a request with an existing VALID credential of its provider (an admin's key)", ...scoped("write"), parameters: [org, requestId],
        requestBody: { required: false, content: json({ type: "object", properties: { credential_name: { type: "string", description: "The provider's default credential when omitted." } } }) },
        responses: { 200: oneRequest("Fulfilled"), ...errors(...AUTH, "invalid_json", "invalid_request", "not_found", "request_not_pending") } },
    },
    "/api/v1/stack/{org}/analyze": {
      post: { summary: "Propose the integrations an app needs, from a description, a package.json or an .env.example", ...scoped("read"), parameters: [org],
        requestBody: { required: true, content: json({ type: "object", required: ["description"], properties: {
          description: { type: "string", minLength: 1, maxLength: 32000, description: "Plain text, a package.json or an .env.example (names only are read)." },
        } }) },
        responses: { 200: { description: "Proposals grouped by category, each with its catalog provider id and its status in the org. When the org's admins turned the model pass on and it holds a valid OpenAI or Anthropic key, a model adds proposals (constrained to catalog ids; others land in not_in_catalog) and the call counts against the check limit; any model failure falls back to the deterministic pass with a note.",
          content: json({ type: "object", properties: {
            success: { type: "boolean" }, org_slug: { type: "string" },
            groups: { type: "array", items: { type: "object", properties: {
              category: { type: "string" }, title: { type: "string" },
              integrations: { type: "array", items: { type: "object", required: ["provider", "provider_id", "required", "confidence", "reason", "triggers", "status"], properties: {
                provider: { type: "string", description: "Catalog id in upper case, as elsewhere in the API." }, provider_id: { type: "string" }, name: { type: "string" }, category: { type: "string" },
                required: { type: "boolean" }, confidence: { type: "number", minimum: 0, maximum: 1 }, reason: { type: "string" },
                triggers: { type: "array", items: { type: "string" }, description: "The words, packages or env names that triggered it." },
                sources: { type: "array", items: { type: "string", enum: ["deterministic", "model"] } }, status: STATUS, oauth: { type: "boolean" },
              } } },
            } } },
            not_in_catalog: { type: "array", items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } } } },
            notes: { type: "array", items: { type: "string" } },
            model: { type: "object", properties: { used: { type: "boolean" }, provider: { type: ["string", "null"], enum: ["openai", "anthropic", null] } } },
          } }) },
          ...errors(...AUTH, "invalid_json", "invalid_request") } },
    },
    ...agentPaths,
    "/api/v1/openapi.json": { get: { summary: "This document", security: [], responses: { 200: { description: "OpenAPI 3.1", content: json({ type: "object" }) } } } },
  },
} as const;
