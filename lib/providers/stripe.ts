import "server-only";
import { credentialSchema, lastFour, otherProviderHint } from "./format";
import { callProvider, classifyStatus, providerMessage, safeCheck } from "./http";
import type { CheckResult, ProviderDefinition } from "./types";

const NAME = "Stripe";
// Where Stripe shows a webhook endpoint's signing secret (Workbench, Webhooks; open the endpoint, Reveal).
const STRIPE_WEBHOOKS_URL = "https://dashboard.stripe.com/webhooks";

// Loose checks from providers.md (gitleaks also knows a "prod" mode); Stripe publishes no lengths.
const SECRET = /^(sk|rk)_(test|live|prod)_[A-Za-z0-9]{10,247}$/;
const PUBLISHABLE = /^pk_(test|live)_[A-Za-z0-9]{10,247}$/;
const WEBHOOK = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;

/** A key's mode from its prefix (sk_test_, pk_live_, ...); "prod" counts as live. */
export const stripeKeyMode = (key: string) => (key.split("_")[1] === "test" ? "test" : "live");
const mode = stripeKeyMode;
const common = (value: string) => otherProviderHint(value, "stripe") ?? (/\s/.test(value) ? "The key contains a space or line break; copy it again in one piece." : null);

const secretKey = credentialSchema((value) => {
  if (value === "") return "Paste a secret key (sk_…) or, better, a restricted key (rk_…).";
  if (value.startsWith("pk_")) return "This is a publishable key (pk_…), which cannot read the account. Put it in the publishable key field; this one takes a secret (sk_…) or restricted (rk_…) key.";
  if (value.startsWith("whsec_")) return "This is a webhook signing secret (whsec_…). Put it in the webhook secret field; this one takes a secret (sk_…) or restricted (rk_…) key.";
  const problem = common(value);
  if (problem) return problem;
  if (!SECRET.test(value)) return "A Stripe secret key starts with sk_test_ or sk_live_ (restricted keys: rk_…). Copy the whole key again.";
  return null;
});

const publishableKey = credentialSchema((value) => {
  if (value === "") return "Paste the publishable key (pk_test_… or pk_live_…).";
  if (/^(sk|rk)_/.test(value)) return "This is a secret key, not a publishable one. Publishable keys end up in browsers, so Switchboard refuses a secret key here; put it in the secret key field.";
  const problem = common(value);
  if (problem) return problem;
  if (!PUBLISHABLE.test(value)) return "A Stripe publishable key starts with pk_test_ or pk_live_. Copy the whole key again.";
  return null;
});

const webhookSecret = credentialSchema((value) => {
  if (value === "") return null; // Optional: left blank when the app receives no webhooks.
  if (/^(sk|rk|pk)_/.test(value)) return "This is an API key, not a webhook signing secret. The signing secret starts with whsec_ and is shown on the webhook endpoint's page.";
  if (!WEBHOOK.test(value)) return "A webhook signing secret starts with whsec_. Copy it again from the webhook endpoint's page (Signing secret, Reveal).";
  return null;
});

const LEAST_PRIVILEGE =
  "This is a full secret key: it can do anything on the account, including refunds and payouts. Create a restricted key (rk_…) with only the permissions the app uses, plus Balance: Read for Switchboard's check.";

function describe(json: unknown, key: string, hasWebhook: boolean): Pick<CheckResult, "accountLabel" | "details"> {
  const body = (json ?? {}) as { livemode?: unknown; available?: { amount?: unknown; currency?: unknown }[] };
  const restricted = key.startsWith("rk_");
  const live = typeof body.livemode === "boolean" ? body.livemode : mode(key) === "live";
  const currencies = (Array.isArray(body.available) ? body.available : []).map((b) => b.currency).filter((c): c is string => typeof c === "string");
  const details: NonNullable<CheckResult["details"]> = {
    mode: live ? "live" : "test",
    keyType: restricted ? "restricted" : "secret",
    currencies,
    webhookSecret: hasWebhook ? "provided (format checked; Stripe has no call to verify it)" : "not provided",
  };
  if (!restricted) details.advice = LEAST_PRIVILEGE;
  return { accountLabel: `${live ? "Live" : "Test"} mode, ${restricted ? "restricted" : "secret"} key`, details };
}

export const stripe: ProviderDefinition = {
  id: "stripe",
  name: NAME,
  category: "payments",
  description: "Payments, subscriptions and invoices through the Stripe API.",
  // Dashboard order: publishable key, then secret key; the webhook secret lives on another page.
  fields: [
    { name: "publishableKey", label: "Publishable key", kind: "text", placeholder: "pk_live_…", schema: publishableKey },
    { name: "secretKey", label: "Secret or restricted key", kind: "secret", placeholder: "rk_live_… or sk_live_…", schema: secretKey },
    { name: "webhookSecret", label: "Webhook signing secret", kind: "secret", placeholder: "whsec_…", optional: true, help: "Only if the app receives Stripe webhooks. Stripe shows it on the endpoint's page, under Workbench, Webhooks.",
      // Rotating the secret key leaves the webhook endpoint, and so its signing secret, as it was. A new
      // publishable key is another account or mode (it is required, one per account and mode), whose
      // endpoints sign with other secrets: keeping the old one there would verify the wrong deliveries.
      keptWhenBlank: { whileSame: ["publishableKey"] }, schema: webhookSecret },
  ],

  validate(credential, ctx) {
    const key = credential.secretKey?.trim() ?? "";
    const publishable = credential.publishableKey?.trim() ?? "";
    const webhook = credential.webhookSecret?.trim() ?? "";
    return safeCheck(NAME, [key, webhook], async () => {
      // Checked again here, before any call: a swapped pair must never be sent to Stripe.
      const swapped = secretKey.safeParse(key).error ?? publishableKey.safeParse(publishable).error ?? webhookSecret.safeParse(webhook).error;
      if (swapped) return { outcome: "invalid", reason: swapped.issues[0].message };
      if (mode(key) !== mode(publishable)) {
        return { outcome: "invalid", reason: `The publishable key is a ${mode(publishable)}-mode key but the secret key is a ${mode(key)}-mode key. Copy both from the same mode of the API keys page.` };
      }
      const call = await callProvider(ctx, NAME, {
        url: `${ctx.baseUrl("https://api.stripe.com")}/v1/balance`,
        headers: { Authorization: `Bearer ${key}` },
      });
      if ("failure" in call) return call.failure;
      const res = call.response;
      const message = providerMessage(res.json);
      // 403 is Stripe's permission error: only restricted keys can lack a permission.
      if (res.status === 403) {
        return {
          outcome: "valid_but_insufficient",
          httpStatus: 403,
          details: { mode: mode(key), keyType: "restricted" },
          reason: `Stripe knows this restricted key, but it lacks the Balance: Read permission Switchboard checks with. Allow it on the key's page.${message ? ` Stripe said: ${message}` : ""}`,
        };
      }
      const result = classifyStatus(res, NAME, message);
      return result.outcome === "valid" ? { ...result, ...describe(res.json, key, webhook !== "") } : result;
    });
  },

  fingerprint: (credential) => lastFour(credential.secretKey),

  env: [
    { name: "STRIPE_SECRET_KEY", field: "secretKey", description: "Secret or restricted key, server only (a convention; stripe-node takes it as an argument)." },
    { name: "STRIPE_PUBLISHABLE_KEY", field: "publishableKey", description: "Publishable key; Next.js apps expose it as NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY." },
    { name: "STRIPE_WEBHOOK_SECRET", field: "webhookSecret", description: "Signing secret passed to stripe.webhooks.constructEvent.", foundAt: STRIPE_WEBHOOKS_URL },
  ],
  setupSteps: [
    { text: "Sign in to the Stripe Dashboard, or create an account.", link: { href: "https://dashboard.stripe.com/register", label: "Sign up" } },
    { text: "Open Developers, then API keys, in test or live mode; copy the publishable key.", link: { href: "https://dashboard.stripe.com/apikeys", label: "API keys" } },
    { text: 'Click "Create restricted key", allow only what the app uses plus Balance: Read, and copy it (live keys are shown once). A secret key works too but can do anything.' },
    { text: "If the app receives webhooks, open the endpoint and reveal its signing secret (whsec_…).", link: { href: STRIPE_WEBHOOKS_URL, label: "Webhooks" } },
    { text: "Paste the keys here. Switchboard reads the balance, which changes nothing." },
  ],
  keysUrl: "https://dashboard.stripe.com/apikeys",
  iconSlug: "stripe",
  oauth: false,
  // Stripe takes the secret key as a Bearer token (or Basic auth user); the publishable key never authenticates the API.
  agentProxy: { origin: "https://api.stripe.com", auth: (c) => (c.secretKey ? { headers: { Authorization: `Bearer ${c.secretKey}` } } : null) },
  agentPresets: [
    { id: "customers", label: "Customers: read and create", rules: [
      { methods: ["GET"], paths: ["/v1/customers", "/v1/customers/**"] },
      { methods: ["POST"], paths: ["/v1/customers"] },
    ] },
  ],
};
