import "server-only";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { safeCheck } from "./http";
import type { CheckResult, ProviderDefinition, ValidationContext } from "./types";

const NAME = "AWS";

// providers.md: AKIA long-term, ASIA temporary (needs a session token); secrets are 40 base64 chars.
const KEY_ID = /^(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;
const SECRET = /^[A-Za-z0-9+/]{40}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const accessKeyId = credentialSchema((value) => {
  if (value === "") return "Paste the access key ID (AKIA… or ASIA…).";
  if (SECRET.test(value)) return "This looks like the secret access key. The access key ID is the 20-character value starting with AKIA or ASIA.";
  if (!KEY_ID.test(value)) return "An access key ID is 20 characters starting with AKIA (long-term) or ASIA (temporary): capital letters and digits 2-7. Copy it again.";
  return null;
});

const secretAccessKey = credentialSchema((value) => {
  if (value === "") return "Paste the secret access key.";
  if (KEY_ID.test(value)) return "This is the access key ID. The secret access key is the 40-character value shown beside it when the key was created.";
  const other = otherProviderHint(value, "aws");
  if (other) return other;
  if (!SECRET.test(value)) return "A secret access key is 40 characters (letters, digits, + and /). Copy it again; AWS shows it only when the key is created.";
  return null;
});

const sessionToken = credentialSchema((value) => {
  if (value === "" || /^[A-Za-z0-9+/=]{16,}$/.test(value)) return null;
  return "A session token is one long line of letters, digits, +, / and =. Copy it again in one piece.";
});

const region = credentialSchema((value) => {
  if (value === "") return "Enter the region the app uses, like us-east-1.";
  return REGION.test(value) ? null : "A region looks like us-east-1 or eu-west-3 (lower case).";
});

const ROOT_ADVICE = "These are the root user's access keys, which can do anything to the account, including closing it. Delete them and create an IAM user or role with only the permissions the app needs.";

function describe(out: { Account?: string; Arn?: string; UserId?: string }, keyId: string, regionName: string): CheckResult {
  const arn = out.Arn ?? "unknown ARN";
  const details: NonNullable<CheckResult["details"]> = {
    account: out.Account ?? "unknown",
    arn,
    userId: out.UserId ?? "unknown",
    keyType: keyId.startsWith("ASIA") ? "temporary" : "long-term",
    region: regionName,
    // GetCallerIdentity needs no permission, even under an explicit deny (AWS API reference).
    permissions: "Not checked: AWS answers this call for any valid key, so it proves identity only.",
  };
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn)) details.advice = ROOT_ADVICE;
  return { outcome: "valid", httpStatus: 200, reason: `AWS accepted the key for ${arn}.`, accountLabel: arn, details };
}

/** SDK errors carry the AWS error code as `name` and the HTTP status in $metadata. */
function classifyError(error: unknown, ctx: ValidationContext): CheckResult {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: number } };
  const code = typeof e.name === "string" ? e.name : "";
  const httpStatus = e.$metadata?.httpStatusCode;
  // Only AWS's own error messages are quoted; SDK-internal ones say nothing useful to a user.
  const said = e.$fault && typeof e.message === "string" && e.message ? ` AWS said: ${e.message}` : "";
  const verdict = (outcome: CheckResult["outcome"], reason: string): CheckResult => ({ outcome, httpStatus, reason });
  if (code === "InvalidClientTokenId") return verdict("invalid", `AWS does not know this access key ID (or its session token); it may have been deleted or deactivated.${said}`);
  if (code === "SignatureDoesNotMatch") return verdict("invalid", `The secret access key does not belong to this access key ID; copy both again.${said}`);
  if (code === "ExpiredToken" || code === "ExpiredTokenException") return verdict("invalid", `These temporary credentials have expired; get a new set and paste all three values.${said}`);
  if (code === "RequestExpired") return verdict("unknown", "AWS says this server's clock is more than 15 minutes off, so the key could not be checked. It was not rejected.");
  if (code === "Throttling" || code === "ThrottlingException" || httpStatus === 429) return verdict("rate_limited", `AWS is rate-limiting requests; the key was not rejected, try again later.${said}`);
  if (code === "TimeoutError" || code === "AbortError") {
    return verdict("provider_outage", `AWS did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s, so the key could not be verified now. It was not rejected; try again later.`);
  }
  // No status means no HTTP answer at all: a network error.
  if (httpStatus === undefined || httpStatus >= 500) {
    return verdict("provider_outage", `AWS ${httpStatus ? `is having trouble right now (HTTP ${httpStatus})` : "could not be reached"}, so the key could not be verified. It was not rejected; try again later.`);
  }
  return verdict("unknown", `AWS answered with HTTP ${httpStatus}${code && e.$fault ? ` (${code})` : ""}, so the key was neither accepted nor rejected.${said}`);
}

export const aws: ProviderDefinition = {
  id: "aws",
  name: NAME,
  category: "cloud",
  description: "An AWS access key for an IAM user or role, with the region the app uses.",
  fields: [
    { name: "accessKeyId", label: "Access key ID", kind: "text", placeholder: "AKIA…", schema: accessKeyId },
    { name: "secretAccessKey", label: "Secret access key", kind: "secret", schema: secretAccessKey },
    { name: "sessionToken", label: "Session token", kind: "secret", optional: true, help: "Only for temporary keys (ASIA…).",
      keptWhenBlank: { whileSame: ["accessKeyId"] }, schema: sessionToken },
    { name: "region", label: "Region", kind: "text", placeholder: "us-east-1", schema: region },
  ],

  validate(credential, ctx) {
    const [keyId, secret, token] = [credential.accessKeyId, credential.secretAccessKey, credential.sessionToken].map((v) => v?.trim() ?? "");
    return safeCheck(NAME, [secret, token], async () => {
      if (keyId.startsWith("ASIA") && !token) return { outcome: "invalid", reason: "Keys starting with ASIA are temporary and only work with their session token; paste it too." };
      if (!keyId.startsWith("ASIA") && token) return { outcome: "invalid", reason: "A session token only goes with a temporary key (ASIA…); remove it, or paste the temporary key ID it came with." };
      // The SDK signs the request (SigV4): the secret itself is never sent. The global endpoint
      // only accepts us-east-1 signatures, whatever region the app uses.
      const client = new STSClient({
        endpoint: ctx.baseUrl("https://sts.amazonaws.com"),
        region: "us-east-1",
        credentials: { accessKeyId: keyId, secretAccessKey: secret, sessionToken: token || undefined },
        maxAttempts: 1, // One call: a retry would not change a 403, and a throttle should be reported.
        customUserAgent: ctx.userAgent,
      });
      try {
        const out = await client.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(ctx.timeoutMs) });
        return describe(out, keyId, credential.region?.trim() ?? "");
      } catch (error) {
        return classifyError(error, ctx);
      } finally {
        client.destroy();
      }
    });
  },

  fingerprint: (credential) => lastFour(credential.secretAccessKey),

  env: [
    { name: "AWS_ACCESS_KEY_ID", field: "accessKeyId", description: "Read by the AWS SDKs and CLI." },
    { name: "AWS_SECRET_ACCESS_KEY", field: "secretAccessKey", description: "Read by the AWS SDKs and CLI." },
    { name: "AWS_SESSION_TOKEN", field: "sessionToken", description: "Read by the AWS SDKs and CLI, for temporary keys." },
    { name: "AWS_REGION", field: "region", description: "Read by the AWS SDKs (the CLI also reads AWS_DEFAULT_REGION)." },
  ],
  setupSteps: [
    { text: "Sign in to the AWS console, or create an account.", link: { href: "https://portal.aws.amazon.com/billing/signup", label: "Sign up" } },
    { text: "Open IAM, then Users, and choose (or create) a user with only the permissions the app needs. Never use the root user.", link: { href: "https://console.aws.amazon.com/iam/", label: "IAM console" } },
    { text: 'On the user\'s Security credentials tab, click "Create access key" and pick the use case.' },
    { text: "Copy the access key ID and the secret access key (shown once) and paste them here with the app's region. Temporary keys (ASIA…) also need their session token." },
  ],
  keysUrl: "https://console.aws.amazon.com/iam/",
  iconSlug: null,
  oauth: false,
  // An agent's reveal is a short-lived STS credential made for it, never the stored key (lib/agents/aws.ts).
  agentReveal: "derived",
};
