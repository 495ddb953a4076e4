import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, safeCheck } from "./http";
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

// One round trip (providers.md): the account proves the key, the GPU list shows what it can rent.
const QUERY = `query Validate {
  myself { id email clientBalance currentSpendPerHr spendLimit }
  gpuTypes {
    id displayName memoryInGb manufacturer
    secureCloud communityCloud
    securePrice communityPrice secureSpotPrice communitySpotPrice
    lowestPrice(input: { gpuCount: 1, secureCloud: true }) { stockStatus uninterruptablePrice minimumBidPrice }
  }
}`;

interface Answer {
  data?: {
    myself?: { id?: unknown; email?: unknown; clientBalance?: unknown; currentSpendPerHr?: unknown; spendLimit?: unknown } | null;
    gpuTypes?: { lowestPrice?: { stockStatus?: unknown } | null }[] | null;
  } | null;
  errors?: { message?: unknown }[];
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function describe(answer: Answer, template: string): Pick<CheckResult, "accountLabel" | "details"> {
  const me = answer.data?.myself ?? {};
  const gpus = Array.isArray(answer.data?.gpuTypes) ? answer.data.gpuTypes : [];
  const inStock = gpus.filter((g) => ["High", "Medium", "Low"].includes(String(g.lowestPrice?.stockStatus))).length;
  const details: NonNullable<CheckResult["details"]> = { gpuTypes: gpus.length, gpuTypesInStock: inStock };
  const [balance, spend, limit] = [num(me.clientBalance), num(me.currentSpendPerHr), num(me.spendLimit)];
  if (balance !== undefined) details.balanceUsd = balance;
  if (spend !== undefined) details.spendPerHourUsd = spend;
  if (limit !== undefined) details.spendLimitUsd = limit;
  if (template) details.templateId = template;
  const who = typeof me.email === "string" ? me.email : typeof me.id === "string" ? me.id : "RunPod account";
  return { accountLabel: balance === undefined ? who : `${who} ($${balance.toFixed(2)} balance)`, details };
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
      // Bearer, never ?api_key= as RunPod's own SDK does: a key in a URL ends up in access logs.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.runpod.io")}/graphql`,
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ query: QUERY }),
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const answer = (res.json ?? {}) as Answer;
      const message = Array.isArray(answer.errors) && typeof answer.errors[0]?.message === "string" ? answer.errors[0].message : undefined;
      const result = classifyStatus(res, NAME, message);
      if (result.outcome !== "valid") return result;
      if (message !== undefined && !answer.data?.myself) {
        // GraphQL reports errors with HTTP 200. The key got past authentication, so a refusal
        // here is a permission (Restricted or Read Only key); anything else says nothing.
        const refused = /permission|not authori[sz]ed|unauthori[sz]ed|forbidden|access/i.test(message);
        return refused
          ? { outcome: "valid_but_insufficient", httpStatus: res.status, reason: `RunPod knows this key but refused to show the account, so it lacks a permission; give it "All" or read access to the account. RunPod said: ${message}` }
          : { outcome: "unknown", httpStatus: res.status, reason: `RunPod could not run the check, so the key was neither accepted nor rejected. RunPod said: ${message}` };
      }
      if (!answer.data?.myself) return { outcome: "unknown", httpStatus: res.status, reason: "RunPod answered without account details, so the key was neither accepted nor rejected. Try again later." };
      return { ...result, reason: "RunPod accepted the key.", ...describe(answer, credential.templateId?.trim() ?? "") };
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
    { text: 'Click "Create API Key" and choose the permissions the app needs. Switchboard reads the account and GPU list, which a Restricted key may not be allowed to do.' },
    { text: "Copy the key (RunPod shows it once) and paste it here, with a template id if the app deploys one." },
  ],
  keysUrl: "https://www.console.runpod.io/user/settings",
  iconSlug: null,
  oauth: false,
};
