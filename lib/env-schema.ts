import { z } from "zod";

const optionalUrl = z.url().optional();
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.preprocess(blankToUndefined, z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional()),
    // The live event stream's LISTEN connection (server mode). It must be a direct connection or a
    // session-mode pooler: a transaction-mode pooler (Supabase's port 6543) does not deliver NOTIFY.
    // Unset: DATABASE_URL.
    DATABASE_LISTEN_URL: z.preprocess(blankToUndefined, z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional()),
    DATA_DIR: z.preprocess(blankToUndefined, z.string().default(".data")),
    KMS_KEY_ID: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    AWS_REGION: z.preprocess(blankToUndefined, z.string().optional()),
    NEXT_PUBLIC_SUPABASE_URL: z.preprocess(blankToUndefined, optionalUrl),
    NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    // Unwrapped org keys live in memory for at most this long.
    ORG_KEY_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(300),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    // Scheduled re-validation: Vercel Cron calls /api/cron/revalidate with this bearer secret. Without
    // it (and without DATABASE_URL) an in-process timer runs the scheduler instead.
    CRON_SECRET: z.preprocess(blankToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
    REVALIDATE_AFTER_MINUTES: z.coerce.number().int().min(1).max(43_200).default(1440),
    REVALIDATE_INTERVAL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
    // OAuth through Nango: unset keeps OAuth off (the embedded default); the API-key path never needs it.
    NANGO_SECRET_KEY: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    NANGO_HOST: z.preprocess(blankToUndefined, z.url().default("https://api.nango.dev")),
    // Environments created after 2026-04-20 sign webhooks with their own key; older ones with the secret key.
    NANGO_WEBHOOK_SIGNING_KEY: z.preprocess(blankToUndefined, z.string().min(1).optional()),
    // This deployment's public address, used where a full URL must be shown (e.g. the Nango webhook).
    APP_URL: z.preprocess(blankToUndefined, optionalUrl),
    // The port this server listens on: next dev and next start set it (from -p) before app code loads.
    // Only for the this-machine address shown when APP_URL is unset (lib/net/public-origin.ts).
    PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(65_535).default(3000)),
    // The org event stream ends itself before the platform's function time limit (Vercel: 300 s by
    // default) with a retry hint; the browser reconnects with its Last-Event-ID and misses nothing.
    EVENT_STREAM_MAX_SECONDS: z.coerce.number().int().min(5).max(3600).default(280),
    // A comment line this often keeps proxies from closing an idle stream; membership is re-checked with it.
    EVENT_STREAM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(25).default(20),
    NANGO_PUBLIC_CONNECT_URL: z.preprocess(blankToUndefined, z.url().default("https://connect.nango.dev")),
    // Billing through Stripe: unset keeps billing off (the embedded default) and every org unlimited.
    STRIPE_SECRET_KEY: z.preprocess(blankToUndefined, z.string().regex(/^(sk|rk)_/, "must start with sk_ or rk_").optional()),
    STRIPE_WEBHOOK_SECRET: z.preprocess(blankToUndefined, z.string().regex(/^whsec_/, "must start with whsec_").optional()),
    STRIPE_PRICE_TEAM: z.preprocess(blankToUndefined, z.string().regex(/^price_/, "must be a Stripe price id (price_...)").optional()),
    STRIPE_PRICE_BUSINESS: z.preprocess(blankToUndefined, z.string().regex(/^price_/, "must be a Stripe price id (price_...)").optional()),
    // Tests only: where the SDK sends its requests (a loopback fake); production talks to api.stripe.com.
    // Tests point the SDK at a loopback Stripe; anywhere else the secret key travels over https only.
    STRIPE_API_BASE: z.preprocess(blankToUndefined, z.url().refine(
      (v) => { const u = new URL(v); return u.protocol === "https:" || (u.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)); },
      "STRIPE_API_BASE must be https (plain http only to this machine's loopback).",
    ).optional()),
    // Tests only: "host=address,..." makes outgoing webhooks to these host names connect to that
    // address (a loopback receiver) without the public-address check; TLS still verifies the host.
    WEBHOOK_PINNED_HOSTS: z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
      const pinned: Record<string, string> = {};
      for (const entry of (v ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
        const m = /^([a-z0-9.-]+)=([0-9.]+|[0-9a-f:]+)$/i.exec(entry);
        if (!m) ctx.addIssue({ code: "custom", message: `entry "${entry.slice(0, 80)}" must be host=address` });
        else pinned[m[1].toLowerCase()] = m[2];
      }
      return pinned;
    }),
    // How many proxies of the operator's stand in front of Switchboard, each appending the address it
    // received from to X-Forwarded-For. 0 (the default): none, so forwarded headers are ignored and
    // the socket's address is recorded. Set it only when every request passes through them.
    TRUST_PROXY_HOPS: z.preprocess(blankToUndefined, z.coerce.number("must be a whole number of proxies").int("must be a whole number of proxies").min(0).max(10).default(0)),
    // Vercel sets VERCEL=1; its edge writes x-real-ip itself, so that header names the caller there.
    VERCEL: z.preprocess(blankToUndefined, z.string().optional()).transform((v) => v === "1"),
  })
  .superRefine((e, ctx) => {
    if (e.NEXT_PUBLIC_SUPABASE_URL && !e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY) {
      ctx.addIssue({ code: "custom", path: ["NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY"], message: "is required when NEXT_PUBLIC_SUPABASE_URL is set" });
    }
    if (e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY && !e.NEXT_PUBLIC_SUPABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["NEXT_PUBLIC_SUPABASE_URL"], message: "is required when NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY is set" });
    }
    if (e.NEXT_PUBLIC_SUPABASE_URL && !e.APP_URL) {
      // Never built from request headers: a forged Host could otherwise point the emailed link elsewhere.
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required with Supabase Auth: password-reset emails link to it" });
    }
    if (e.NEXT_PUBLIC_SUPABASE_URL && !e.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required with Supabase Auth: the embedded database cannot hold Supabase users" });
    }
    if (e.DATABASE_LISTEN_URL && !e.DATABASE_URL) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when DATABASE_LISTEN_URL is set: it names the same database" });
    }
    if (e.STRIPE_SECRET_KEY) {
      for (const name of ["STRIPE_WEBHOOK_SECRET", "STRIPE_PRICE_TEAM", "STRIPE_PRICE_BUSINESS"] as const) {
        if (!e[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when STRIPE_SECRET_KEY is set" });
      }
      if (e.STRIPE_PRICE_TEAM && e.STRIPE_PRICE_TEAM === e.STRIPE_PRICE_BUSINESS) {
        ctx.addIssue({ code: "custom", path: ["STRIPE_PRICE_BUSINESS"], message: "must differ from STRIPE_PRICE_TEAM" });
      }
    } else if (e.STRIPE_WEBHOOK_SECRET || e.STRIPE_PRICE_TEAM || e.STRIPE_PRICE_BUSINESS) {
      ctx.addIssue({ code: "custom", path: ["STRIPE_SECRET_KEY"], message: "is required when another STRIPE_ variable is set" });
    }
    if (e.KMS_KEY_ID && !e.AWS_REGION) {
      ctx.addIssue({ code: "custom", path: ["AWS_REGION"], message: "is required when KMS_KEY_ID is set" });
    }
  });

export type Env = z.infer<typeof schema> & {
  /** PROVIDER_BASE_URL_<ID>: operator override of a provider's API origin (tests point these at loopback fakes). */
  providerBaseUrls: Record<string, string>;
};

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`);
    throw new Error(`Switchboard cannot start: ${lines.join("; ")}.`);
  }
  const providerBaseUrls: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const m = /^PROVIDER_BASE_URL_([A-Z0-9_]+)$/.exec(name);
    if (!m || !value) continue;
    const url = z.url().safeParse(value);
    if (!url.success) throw new Error(`Switchboard cannot start: ${name} must be a URL.`);
    providerBaseUrls[m[1].toLowerCase()] = value.replace(/\/+$/, "");
  }
  return { ...parsed.data, providerBaseUrls };
}
