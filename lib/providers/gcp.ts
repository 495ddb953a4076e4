import "server-only";
import { importPKCS8, SignJWT, type KeyLike } from "jose";
import { lastFour } from "./format";
import { pemSecrets, readServiceAccount, serviceAccountJson, type ServiceAccount } from "./gcp-key-file";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition, ValidationContext } from "./types";

const NAME = "Google Cloud";
// Google checks the assertion's audience against its real token endpoint, even when the call
// itself goes to an operator override.
const TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";
const READ_ONLY_SCOPE = "https://www.googleapis.com/auth/cloud-platform.read-only";

async function signAssertion(account: ServiceAccount): Promise<string | null> {
  let key: KeyLike;
  try {
    key = await importPKCS8(account.private_key, "RS256");
  } catch {
    return null;
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: READ_ONLY_SCOPE })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
    .setIssuer(account.client_email)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600) // Google's maximum lifetime for a self-signed assertion.
    .sign(key);
}

/** Step 2: the key is already proven, so this only decides how much we can tell about the project. */
async function readProject(ctx: ValidationContext, account: ServiceAccount, token: string): Promise<CheckResult> {
  const project = account.project_id;
  const call = await callProvider(ctx, NAME, {
    url: `${ctx.baseUrl("https://cloudresourcemanager.googleapis.com")}/v1/projects/${encodeURIComponent(project)}`,
    headers: { Authorization: `Bearer ${token}` },
  });
  const proven: CheckResult = { outcome: "valid", reason: "", accountLabel: account.client_email, details: { projectId: project } };
  if ("failure" in call) {
    return { ...proven, reason: `Google accepted the key, but project ${project} could not be read just now; check again later to see its details.` };
  }
  const { status, json } = call.response;
  const message = providerMessage(json);
  const said = message ? ` Google said: ${message}` : "";
  if (status >= 200 && status < 300) {
    const p = (json ?? {}) as { name?: unknown; projectNumber?: unknown; lifecycleState?: unknown };
    const details: Record<string, string> = { projectId: project };
    if (typeof p.name === "string") details.projectName = p.name;
    if (typeof p.projectNumber === "string") details.projectNumber = p.projectNumber;
    if (typeof p.lifecycleState === "string") details.lifecycleState = p.lifecycleState;
    return { ...proven, httpStatus: status, details, reason: `Google accepted the key and it can read project ${project}.` };
  }
  if (status === 403 || status === 404) {
    return {
      ...proven,
      outcome: "valid_but_insufficient",
      httpStatus: status,
      reason: `The service account works but cannot read project ${project}. Grant it roles/browser (or another role with resourcemanager.projects.get) on the project.${said}`,
    };
  }
  return { ...proven, httpStatus: status, reason: `Google accepted the key, but project ${project} could not be read (HTTP ${status}).${said}` };
}

export const gcp: ProviderDefinition = {
  id: "gcp",
  name: NAME,
  category: "cloud",
  description: "A Google Cloud service account, from its JSON key file.",
  fields: [
    {
      name: "serviceAccountJson",
      label: "Service-account JSON key",
      kind: "json",
      placeholder: '{ "type": "service_account", "project_id": "…", … }',
      help: "The whole contents of the key file downloaded from the service account's Keys tab.",
      schema: serviceAccountJson,
    },
  ],

  validate(credential, ctx) {
    const read = readServiceAccount(credential.serviceAccountJson?.trim() ?? "");
    const secrets = "account" in read ? pemSecrets(read.account.private_key) : [];
    // safeCheck scrubs after the check finishes, so the access token pushed below is covered too.
    return safeCheck(NAME, secrets, async () => {
      if ("problem" in read) return { outcome: "invalid", reason: read.problem };
      const account = read.account;
      const assertion = await signAssertion(account);
      if (!assertion) {
        return { outcome: "invalid", reason: "The private_key in this file cannot be read as an RSA key, so nothing was sent to Google. Download a new JSON key; this one may be truncated or edited." };
      }
      // Always Google's fixed endpoint: the file's token_uri is user-supplied, and following it
      // would let anyone make this server send requests to a host of their choosing (SSRF).
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://oauth2.googleapis.com")}/token`,
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }).toString(),
      });
      if ("failure" in call) return call.failure;
      const { status, json } = call.response;
      const body = (json ?? {}) as { error?: unknown; access_token?: unknown };
      if (status === 400 && body.error === "invalid_grant") {
        const said = providerMessage(json) ?? "invalid_grant.";
        return { outcome: "invalid", httpStatus: 400, reason: `Google rejected the key: ${said} The key may have been deleted or rotated, or the server clock may be wrong.` };
      }
      if (status !== 200) return classifyStatus(call.response, NAME);
      if (typeof body.access_token !== "string" || body.access_token === "") {
        return { outcome: "unknown", httpStatus: 200, reason: "Google answered without an access token, so the key was neither accepted nor rejected. Try again later." };
      }
      secrets.push(body.access_token);
      return readProject(ctx, account, body.access_token);
    });
  },

  fingerprint(credential) {
    const read = readServiceAccount(credential.serviceAccountJson?.trim() ?? "");
    if ("problem" in read) return "service account";
    const id = read.account.private_key_id;
    return id ? `${read.account.client_email} ${lastFour(id)}` : read.account.client_email;
  },

  env: [
    {
      name: "GOOGLE_APPLICATION_CREDENTIALS_JSON",
      field: "serviceAccountJson",
      description: "The key file's contents. Google's libraries read GOOGLE_APPLICATION_CREDENTIALS as a path: write this value to a file and point that variable at it.",
    },
  ],
  setupSteps: [
    { text: "Open Service accounts in the Google Cloud console and pick the project.", link: { href: "https://console.cloud.google.com/iam-admin/serviceaccounts", label: "Service accounts" } },
    { text: "Create a service account, or choose one. Grant it roles/browser (or another role with resourcemanager.projects.get) so Switchboard can confirm the project." },
    { text: 'Open its Keys tab, click "Add key", then "Create new key", and choose JSON. The key file downloads.' },
    { text: "Open the file and paste its whole contents here. Google keeps no copy: store the file safely or delete it." },
  ],
  keysUrl: "https://console.cloud.google.com/iam-admin/serviceaccounts",
  iconSlug: "googlecloud",
  oauth: false,
};
