/**
 * Documented answers of RunPod, AWS STS, Cloudflare, Stripe, Supabase and Turso (docs/providers.md),
 * one function per provider, used by platform-fake.ts. Where the docs give no body (RunPod 401,
 * Turso 401, STS ExpiredToken status) the shape is an assumption, marked as such.
 */
export type PlatformBehaviour =
  | "valid" | "root" | "invalid" | "wrong_secret" | "expired" | "disabled" | "insufficient"
  | "query_error" | "rate_limited" | "outage" | "hang" | "malformed" | "redirect";

export type Reply = { status: number; body?: unknown; raw?: string; type?: string; location?: string } | "hang";

const HTML_502: Reply = { status: 502, raw: "<html><body><h1>502 Bad Gateway</h1></body></html>", type: "text/html" };

/** RunPod REST v2's GET /v2/serverless (runpod/docs api-reference-v2/openapi.json): endpoints, or an RFC 9457 problem. */
export function runpod(b: PlatformBehaviour): Reply {
  const problem = (status: number, title: string, detail: string): Reply => ({ status, type: "application/problem+json", body: { title, status, detail } });
  if (b === "valid") {
    const endpoint = (id: string, name: string) => ({ id, name, type: "QUEUE", workers: { min: 0, max: 3, idleTimeout: 5 }, env: { HF_TOKEN: "hf_notforthepage" }, gpu: { pools: ["ADA_24"], count: 1 } });
    return { status: 200, body: { endpoints: [endpoint("4m7x2k9q", "image-generator"), endpoint("9q2x7m4k", "whisper")] } };
  }
  if (b === "insufficient") return problem(403, "Forbidden", "This API key does not have access to serverless endpoints.");
  if (b === "query_error") return problem(400, "Bad Request", "The request is invalid.");
  if (b === "rate_limited") return problem(429, "Too Many Requests", "Rate limit exceeded for the minute window.");
  if (b === "outage") return HTML_502;
  return problem(401, "Unauthorized", "The bearer token is missing, malformed, expired, or invalid.");
}

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const stsError = (status: number, code: string, message: string, type = "Sender"): Reply => ({
  status, type: "text/xml",
  raw: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>0f1c-fake</RequestId></ErrorResponse>`,
});

export function sts(b: PlatformBehaviour, keyId: string): Reply {
  if (b === "valid" || b === "root") {
    const [arn, userId] = b === "root" ? ["arn:aws:iam::123456789012:root", "123456789012"] : ["arn:aws:iam::123456789012:user/switchboard-check", "AIDAFAKEUSERID234567"];
    const result = `<GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${userId}</UserId><Account>123456789012</Account></GetCallerIdentityResult>`;
    return { status: 200, type: "text/xml", raw: `<GetCallerIdentityResponse xmlns="${STS_NS}">${result}<ResponseMetadata><RequestId>01234567-fake</RequestId></ResponseMetadata></GetCallerIdentityResponse>` };
  }
  if (b === "wrong_secret") return stsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
  if (b === "expired") return stsError(400, "ExpiredToken", "The security token included in the request is expired"); // status UNCONFIRMED
  if (b === "rate_limited") return stsError(400, "Throttling", "Rate exceeded");
  if (b === "outage") return stsError(503, "ServiceUnavailable", "Service is unable to handle request.", "Receiver");
  if (b === "malformed") return { status: 200, type: "text/xml", raw: "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws" };
  return stsError(403, "InvalidClientTokenId", `The security token included in the request is invalid. (${keyId.slice(0, 4)}…)`);
}

/**
 * GetSessionToken / AssumeRole as the STS API reference documents them: DurationSeconds 900 to
 * 129600 (AssumeRole: up to 43200), Credentials with an ASIA key id, secret, session token and
 * Expiration; a session name of 2 to 64 characters [\w+=,.@-]. Issued values are made up afresh.
 */
export function stsSession(b: PlatformBehaviour, form: URLSearchParams): Reply {
  if (b !== "valid" && b !== "root") return sts(b, "");
  const action = form.get("Action")!;
  const duration = Number(form.get("DurationSeconds") ?? 3600);
  const max = action === "AssumeRole" ? 43200 : 129600;
  if (!Number.isInteger(duration) || duration < 900 || duration > max) {
    return stsError(400, "ValidationError", `1 validation error detected: Value '${form.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint`);
  }
  const session = form.get("RoleSessionName") ?? "";
  if (action === "AssumeRole" && (!/^arn:aws[\w-]*:iam::\d{12}:role\/.+$/.test(form.get("RoleArn") ?? "") || !/^[\w+=,.@-]{2,64}$/.test(session))) {
    return stsError(400, "ValidationError", "RoleArn and RoleSessionName are required and well formed.");
  }
  const rand = (n: number, alphabet: string) => Array.from({ length: n }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("");
  const creds = `<Credentials><AccessKeyId>ASIA${rand(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}</AccessKeyId><SecretAccessKey>${rand(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}</SecretAccessKey>`
    + `<SessionToken>IQoJb3JpZ2luX2Vj${rand(120, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}</SessionToken>`
    + `<Expiration>${new Date(Date.now() + duration * 1000).toISOString()}</Expiration></Credentials>`;
  const result = action === "AssumeRole"
    ? `<AssumeRoleResult><AssumedRoleUser><Arn>${form.get("RoleArn")!.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/")}/${session}</Arn><AssumedRoleId>AROAFAKEROLEID234567:${session}</AssumedRoleId></AssumedRoleUser>${creds}<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>`
    : `<GetSessionTokenResult>${creds}</GetSessionTokenResult>`;
  return { status: 200, type: "text/xml", raw: `<${action}Response xmlns="${STS_NS}">${result}<ResponseMetadata><RequestId>58c5dbae-fake</RequestId></ResponseMetadata></${action}Response>` };
}

export function cloudflare(b: PlatformBehaviour): Reply {
  const envelope = (status: number, result: unknown, errors: { code: number; message: string }[] = []): Reply => ({ status, body: { success: errors.length === 0, errors, messages: [], result } });
  const token = (status: string) => ({ id: "ed17574386854bf78a67040be0a770b0", status, not_before: "2026-01-01T00:00:00Z", expires_on: "2027-06-30T23:59:59Z" });
  if (b === "valid") return envelope(200, token("active"));
  if (b === "expired" || b === "disabled") return envelope(200, token(b));
  if (b === "rate_limited") return envelope(429, null, [{ code: 971, message: "Please wait and consider throttling your request speed" }]);
  if (b === "outage") return HTML_502;
  return envelope(401, null, [{ code: 1000, message: "Invalid API Token" }]);
}

export function stripe(b: PlatformBehaviour, key: string): Reply {
  const error = (status: number, type: string, message: string, code?: string): Reply => ({ status, body: { error: { type, message, ...(code ? { code } : {}) } } });
  const masked = `${key.slice(0, 8)}${"*".repeat(12)}${key.slice(-4)}`; // Stripe echoes a masked key.
  if (b === "valid") {
    const available = [{ amount: 123456, currency: "usd", source_types: { card: 123456 } }, { amount: 500, currency: "eur", source_types: { card: 500 } }];
    return { status: 200, body: { object: "balance", livemode: key.includes("_live_"), available, pending: [{ amount: 0, currency: "usd" }] } };
  }
  if (b === "insufficient") {
    return error(403, "invalid_request_error", `The provided key '${masked}' does not have the required permissions for this endpoint on account 'acct_1Fake'. Having the 'rak_balance_read' permission would allow this request to continue.`);
  }
  if (b === "expired") return error(401, "authentication_error", `Expired API Key provided: ${masked}`);
  if (b === "rate_limited") return error(429, "invalid_request_error", "Too many requests hit the API too quickly.", "rate_limit");
  if (b === "outage") return error(500, "api_error", "An unknown error occurred");
  return error(401, "invalid_request_error", `Invalid API Key provided: ${masked}`);
}

export function supabase(b: PlatformBehaviour, apikey: string | undefined): Reply {
  if (apikey === undefined) return { status: 401, body: { message: "No API key found in request", hint: "No `apikey` request header or url param was found." } };
  if (b === "valid") {
    return { status: 200, body: { external: { email: true, phone: false, google: true, github: true, apple: false }, disable_signup: false, mailer_autoconfirm: false, phone_autoconfirm: false, sms_provider: "twilio", saml_enabled: false } };
  }
  if (b === "rate_limited") return { status: 429, body: { message: "Too Many Requests" } };
  if (b === "outage") return HTML_502;
  return { status: 401, body: { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." } };
}

export function turso(b: PlatformBehaviour, body: string): Reply {
  let requests: { type?: string; stmt?: { sql?: string } }[] = [];
  try { requests = (JSON.parse(body) as { requests: typeof requests }).requests; } catch { /* answered below */ }
  if (!Array.isArray(requests) || requests[0]?.type !== "execute") return { status: 400, body: { error: "Invalid request body" } };
  const sql = requests[0].stmt?.sql ?? "";
  if (b === "valid") {
    const execute = { type: "ok", response: { type: "execute", result: { cols: [{ name: sql.replace(/^SELECT /i, ""), decltype: null }], rows: [[{ type: "integer", value: "1" }]], affected_row_count: 0, last_insert_rowid: null, replication_index: "1" } } };
    return { status: 200, body: { baton: null, base_url: null, results: [execute, { type: "ok", response: { type: "close" } }] } };
  }
  if (b === "query_error") return { status: 200, body: { baton: null, base_url: null, results: [{ type: "error", error: { message: "SQLite error: no such function", code: "SQLITE_UNKNOWN" } }, { type: "ok", response: { type: "close" } }] } };
  if (b === "rate_limited") return { status: 429, body: { error: "Too many requests" } };
  if (b === "outage") return HTML_502;
  return { status: 401, body: { error: "Unauthorized: `The JWT is invalid`" } }; // body UNCONFIRMED
}
