import "server-only";
import { runpodApi, RunpodError } from "@/lib/runpod/api";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "RunPod";

// rpa_ keys per the docs; keys from before 2024-11 have no prefix (format UNCONFIRMED), so loose.
const FORMAT = /^(rpa_)?[A-Za-z0-9_-]{20,}$/;

const apiKey = credentialSchema((value) => {
  if (value === "") return "Paste your RunPod API key.";
  const other = otherProviderHint(value, "runpod");
  if (other) return other;
  if (/\s/.test(value)) return "The key contains a space or line break; copy it again in one piece.";
  if (!FORMAT.test(value)) return "This is too short or has characters a RunPod key never contains (new keys start with rpa_). Copy the whole key again.";
  return null;
});

const templateId = credentialSchema((value) => {
  if (value === "" || /^[A-Za-z0-9_-]{1,64}$/.test(value)) return null;
  return "A template id is letters, digits, - and _ only, as shown on the template's page under My Templates.";
});

/**
 * The check's outcome from the adapter's error. REST v2 has no "who am I", so listing the key's
 * serverless endpoints (one authenticated GET, the read the deployments need) is the check; the
 * GraphQL account query used before retires in early 2027.
 */
function fromRunpodError(error: RunpodError): CheckResult {
  const httpStatus = error.httpStatus;
  switch (error.kind) {
    case "unauthorized":
      return { outcome: "invalid", httpStatus, reason: `${NAME} rejected the key. Check that it was copied completely and has not been revoked.` };
    case "forbidden":
      return { outcome: "valid_but_insufficient", httpStatus, reason: `${NAME} knows this key but refused to list serverless endpoints, so it lacks a permission; give it "All", or read and write access to serverless endpoints and read access to templates.` };
    case "rate_limited":
      return { outcome: "rate_limited", httpStatus, retryAfterSeconds: error.retryAfterSeconds, reason: `${NAME} is rate-limiting requests; the key was not rejected, try again in ${error.retryAfterSeconds ?? 60} s.` };
    case "outage":
    case "unreachable": {
      // "RunPod did not answer within 5 s, so Switchboard could not ..." keeps its first half.
      const what = httpStatus ? `is having trouble right now (HTTP ${httpStatus})` : (/^RunPod (.+?), so /.exec(error.message)?.[1] ?? "could not be reached");
      return { outcome: "provider_outage", httpStatus, retryAfterSeconds: error.retryAfterSeconds, reason: `${NAME} ${what}, so the key could not be verified. It was not rejected; try again later.` };
    }
    default:
      return { outcome: "unknown", httpStatus, reason: `${NAME} answered in a way Switchboard could not read, so the key was neither accepted nor rejected. Try again later.` };
  }
}

export const runpod: ProviderDefinition = {
  id: "runpod",
  name: NAME,
  category: "cloud",
  description: "GPU pods and serverless endpoints on RunPod.",
  fields: [
    { name: "apiKey", label: "API key", kind: "secret", placeholder: "rpa_…", schema: apiKey },
    { name: "templateId", label: "Template id", kind: "text", optional: true, help: "The pod or serverless template the app deploys, if any.", schema: templateId },
  ],

  validate(credential, ctx) {
    const key = credential.apiKey?.trim() ?? "";
    return safeCheck(NAME, [key], async () => {
      let endpoints: number;
      try {
        endpoints = await runpodApi(ctx, key).countEndpoints();
      } catch (error) {
        if (error instanceof RunpodError) return fromRunpodError(error);
        throw error;
      }
      const template = credential.templateId?.trim() ?? "";
      return { outcome: "valid", httpStatus: 200, reason: `${NAME} accepted the key.`, details: { serverlessEndpoints: endpoints, ...(template ? { templateId: template } : {}) } };
    });
  },

  fingerprint: (credential) => lastFour(credential.apiKey),

  env: [
    { name: "RUNPOD_API_KEY", field: "apiKey", description: "Read by the RunPod SDKs and runpodctl." },
    { name: "RUNPOD_TEMPLATE_ID", field: "templateId", description: "Template to deploy (a convention of this project, not read by the SDK)." },
  ],
  setupSteps: [
    { text: "Sign in to the RunPod console, or create an account.", link: { href: "https://www.console.runpod.io/signup", label: "Sign up" } },
    { text: "Open Settings and scroll to API Keys.", link: { href: "https://www.console.runpod.io/user/settings", label: "Settings" } },
    { text: 'Click "Create API Key" and choose the permissions the app needs. Switchboard lists and creates serverless endpoints and reads templates and the GPU catalog: "All", or a Restricted key with read and write access to serverless endpoints and read access to templates.' },
    { text: "Copy the key (RunPod shows it once) and paste it here, with a template id if the app deploys one." },
  ],
  keysUrl: "https://www.console.runpod.io/user/settings",
  iconSlug: null,
  oauth: false,
};
