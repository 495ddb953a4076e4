import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Hugging Face";

const token = credentialSchema((value) => {
  if (value === "") return "Paste your Hugging Face access token.";
  const other = otherProviderHint(value, "huggingface");
  if (other) return other;
  // huggingface.js checkCredentials refuses anything but hf_, so a stored api_org_ token would not work.
  if (value.startsWith("api_org_")) return "This is a legacy organization API token (api_org_…), which Hugging Face's own libraries no longer accept. Create a user access token (hf_…) instead.";
  if (!value.startsWith("hf_")) return "A Hugging Face access token starts with hf_. Copy it again from the Access Tokens page.";
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  // hf_ and 34 characters (gitleaks and trufflehog huggingface rules): a shorter one was cut off.
  if (!/^hf_[A-Za-z0-9]{34}$/.test(value)) return "A Hugging Face access token is hf_ followed by 34 letters; copy the whole token again.";
  return null;
});

/** The Hub answers errors as {"error": "<sentence>"}, a string rather than {error:{message}}. */
function hubMessage(json: unknown): string | undefined {
  const error = (json as { error?: unknown } | null)?.error;
  return typeof error === "string" && error.trim() !== "" ? error.trim().slice(0, 300) : providerMessage(json);
}

type Scope = { entity?: { name?: unknown }; permissions?: unknown };
interface WhoAmI {
  type?: unknown;
  name?: unknown;
  orgs?: { name?: unknown; roleInOrg?: unknown }[];
  auth?: {
    expiresAt?: unknown;
    accessToken?: { displayName?: unknown; role?: unknown; expiration?: unknown; fineGrained?: { global?: unknown; scoped?: Scope[] } };
  };
}

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const iso = (v: unknown) => (typeof v === "string" && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

/** What a token may do. Upload needs role write, or repo.write (UI rule in providers.md). */
function reach(role: unknown, fineGrained: { global?: unknown; scoped?: Scope[] } | undefined, user: string) {
  if (role === "write") {
    return { canUpload: true, advice: `This write token can push to every repository ${user} can write to, including those of the organizations listed. If this app only downloads models or datasets, a read token, or a fine-grained token limited to what it uses, is enough.` };
  }
  if (role === "read") {
    return { canUpload: false, advice: "This read token can download models and datasets but cannot upload. If this app must push to the Hub, create a fine-grained token with write access to just those repositories, or a write token." };
  }
  if (role !== "fineGrained") return {};
  const global = strings(fineGrained?.global);
  const scoped = Array.isArray(fineGrained?.scoped) ? fineGrained.scoped : [];
  const uploadTo = scoped.filter((s) => strings(s?.permissions).includes("repo.write")).map((s) => String(s?.entity?.name ?? "?"));
  const permissions = [...new Set([...global, ...scoped.flatMap((s) => strings(s?.permissions))])].sort();
  const canUpload = uploadTo.length > 0 || global.includes("repo.write");
  const canCallInference = permissions.includes("inference.serverless.write");
  const upload = canUpload ? `can upload only to ${uploadTo.join(", ") || "the repositories it was granted"}` : "cannot upload (it has no repo.write permission)";
  const infer = canCallInference ? "" : " It cannot call serverless inference (no inference.serverless.write).";
  return { canUpload, canCallInference, uploadTo, permissions, advice: `This fine-grained token ${upload}.${infer}` };
}

function describe(json: unknown): Pick<CheckResult, "accountLabel" | "details"> {
  const me = (json ?? {}) as WhoAmI;
  const name = typeof me.name === "string" ? me.name : "Hugging Face account";
  const access = me.auth?.accessToken;
  const role = access?.role;
  const orgs = (Array.isArray(me.orgs) ? me.orgs : []).filter((o) => typeof o?.name === "string").map((o) => (typeof o.roleInOrg === "string" ? `${o.name} (${o.roleInOrg})` : String(o.name)));
  const details: NonNullable<CheckResult["details"]> = { user: name, tokenRole: typeof role === "string" ? role : "unknown", orgs };
  if (typeof me.type === "string") details.accountType = me.type;
  if (typeof access?.displayName === "string") details.tokenName = access.displayName;
  // OAuth and app tokens carry their expiry on auth itself, access tokens on accessToken.
  const expiresAt = iso(access?.expiration) ?? iso(me.auth?.expiresAt);
  if (expiresAt) details.expiresAt = expiresAt;
  for (const [k, v] of Object.entries(reach(role, access?.fineGrained, name))) if (v !== undefined) details[k] = v;
  const kind = role === "fineGrained" ? "fine-grained" : typeof role === "string" ? role : undefined;
  return { accountLabel: kind ? `${name} (${kind} token)` : name, details };
}

export const huggingface: ProviderDefinition = {
  id: "huggingface",
  name: NAME,
  category: "llm",
  description: "Models, datasets, Spaces and inference on the Hugging Face Hub.",
  fields: [{ name: "token", label: "Access token", kind: "secret", placeholder: "hf_…", schema: token }],

  validate(credential, ctx) {
    const value = credential.token?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      // whoami-v2 is what huggingface_hub and huggingface.js call: it names the user and the token's role.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://huggingface.co")}/api/whoami-v2`,
        headers: { Authorization: `Bearer ${value}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const result = classifyStatus(res, NAME, hubMessage(res.json));
      return result.outcome === "valid" ? { ...result, ...describe(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.token),

  env: [{ name: "HF_TOKEN", field: "token", description: "Read by huggingface_hub, transformers and huggingface.js (older tools read HUGGING_FACE_HUB_TOKEN)." }],
  setupSteps: [
    { text: "Sign in to Hugging Face, or create an account.", link: { href: "https://huggingface.co/join", label: "Sign up" } },
    { text: "Open Settings, then Access Tokens.", link: { href: "https://huggingface.co/settings/tokens", label: "Access tokens" } },
    { text: 'Click "Create new token". Choose Read to download only; choose Fine-grained and grant write on just the repositories this app pushes to; avoid Write unless it needs all of them.' },
    { text: "Copy the token now (Hugging Face shows it only once) and paste it here." },
  ],
  keysUrl: "https://huggingface.co/settings/tokens",
  iconSlug: "huggingface",
  oauth: false,
};
