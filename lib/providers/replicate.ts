import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Replicate";

const apiToken = credentialSchema((token) => {
  if (token === "") return "Paste your Replicate API token.";
  const other = otherProviderHint(token, "replicate");
  if (other) return other;
  if (!token.startsWith("r8_")) return "A Replicate API token starts with r8_. Copy it again from the API tokens page.";
  if (/\s/.test(token)) return "The token contains a space or line break; copy it again in one piece.";
  // r8_ and 37 more characters (trufflehog replicate.go): a shorter one was cut off when copied.
  if (!/^r8_[0-9A-Za-z_-]{37}$/.test(token)) return "A Replicate API token is r8_ followed by 37 letters, digits, - or _; copy the whole token again.";
  return null;
});

/** Replicate's errors are RFC 7807 problem details ({title, detail, status}), not {error:{message}}. */
function replicateMessage(json: unknown): string | undefined {
  const body = json as { detail?: unknown; title?: unknown } | null;
  const text = [body?.detail, body?.title].find((m) => typeof m === "string" && m.trim() !== "");
  return typeof text === "string" ? text.trim().slice(0, 300) : providerMessage(json);
}

interface Account {
  type?: unknown;
  username?: unknown;
  name?: unknown;
  github_url?: unknown;
}

function describeAccount(json: unknown): Pick<CheckResult, "accountLabel" | "details"> {
  const account = (json ?? {}) as Account;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const username = str(account.username);
  const type = str(account.type);
  const fields = { username, accountType: type, name: str(account.name), githubUrl: str(account.github_url) };
  const details = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>;
  // The account a token acts for is also the one its runs are billed to, so it leads the label.
  const label = username ?? "Replicate account";
  return { accountLabel: type === "organization" ? `${label} (organization)` : label, details };
}

export const replicate: ProviderDefinition = {
  id: "replicate",
  name: NAME,
  category: "llm",
  description: "Run open-source and custom models (image, video, audio and language) through Replicate's API.",
  fields: [{ name: "apiToken", label: "API token", kind: "secret", placeholder: "r8_…", schema: apiToken }],

  validate(credential, ctx) {
    const token = credential.apiToken?.trim() ?? "";
    return safeCheck(NAME, [token], async () => {
      // GET /v1/account names the account the token acts for, and runs nothing.
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.replicate.com")}/v1/account`,
        headers: { Authorization: `Bearer ${token}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const result = classifyStatus(res, NAME, replicateMessage(res.json));
      return result.outcome === "valid" ? { ...result, ...describeAccount(res.json) } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.apiToken),

  env: [{ name: "REPLICATE_API_TOKEN", field: "apiToken", description: "Read by the official Replicate clients." }],
  setupSteps: [
    { text: "Sign in to Replicate, or create an account.", link: { href: "https://replicate.com/signin", label: "Sign in" } },
    { text: "Open Account settings, then API tokens.", link: { href: "https://replicate.com/account/api-tokens", label: "API tokens" } },
    { text: 'Name a new token and click "Create token". For an organization, switch to it first so runs are billed there.' },
    { text: "Copy the token and paste it here." },
  ],
  keysUrl: "https://replicate.com/account/api-tokens",
  iconSlug: "replicate",
  oauth: false,
};
