import "server-only";
import { countOf } from "@/lib/format";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Netlify";

// New tokens are nfp_ + 36; older ones carry no prefix and run 40-46 characters (providers.md).
const FORMAT = /^(nfp_[A-Za-z0-9_]{30,}|[A-Za-z0-9_-]{40,64})$/;

const token = credentialSchema((value) => {
  if (value === "") return "Paste your Netlify personal access token.";
  const other = otherProviderHint(value, "netlify");
  if (other) return other;
  if (/\s/.test(value)) return "The token contains a space or line break; copy it again in one piece.";
  if (!FORMAT.test(value)) return "A Netlify token starts with nfp_ (older ones are 40 or more letters and digits). Copy the whole token again.";
  return null;
});

interface NetlifyUser { full_name?: unknown; email?: unknown; site_count?: unknown }

function identify(json: unknown): Pick<CheckResult, "accountLabel" | "details" | "reason"> {
  const user = (json ?? {}) as NetlifyUser;
  const details: NonNullable<CheckResult["details"]> = {};
  if (typeof user.full_name === "string" && user.full_name) details.fullName = user.full_name;
  if (typeof user.email === "string") details.email = user.email;
  if (typeof user.site_count === "number") details.siteCount = user.site_count;
  const who = (details.email ?? details.fullName ?? "unknown user") as string;
  const sites = typeof details.siteCount === "number" ? ` (${countOf(details.siteCount, "site")})` : "";
  return { accountLabel: `${who}${sites}`, details, reason: `Netlify accepted the token for ${who}.` };
}

export const netlify: ProviderDefinition = {
  id: "netlify",
  name: NAME,
  category: "devtools",
  description: "Sites, deploys and forms through the Netlify API.",
  fields: [{ name: "token", label: "Personal access token", kind: "secret", placeholder: "nfp_…", schema: token }],

  validate(credential, ctx) {
    const value = credential.token?.trim() ?? "";
    return safeCheck(NAME, [value], async () => {
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.netlify.com")}/api/v1/user`,
        headers: { Authorization: `Bearer ${value}` },
      });
      if ("failure" in call) return call.failure;
      const result = classifyStatus(call.response, NAME);
      return result.outcome === "valid" ? { ...result, ...identify(call.response.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.token),

  env: [{ name: "NETLIFY_AUTH_TOKEN", field: "token", description: "Read by the Netlify CLI instead of an interactive login." }],
  setupSteps: [
    { text: "Sign in to Netlify, or create an account.", link: { href: "https://app.netlify.com/signup", label: "Sign up" } },
    { text: "Open User settings, Applications, Personal access tokens.", link: { href: "https://app.netlify.com/user/applications#personal-access-tokens", label: "Personal access tokens" } },
    { text: 'Click "New access token", describe what it is for and choose an expiration.' },
    { text: "Copy the token now (Netlify shows it only once) and paste it here." },
  ],
  keysUrl: "https://app.netlify.com/user/applications#personal-access-tokens",
  iconSlug: "netlify",
  oauth: true,
  // Nango's provider name, for connecting by OAuth instead of pasting a token.
  nangoIntegration: "netlify",
};
