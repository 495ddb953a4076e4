import type { Env } from "@/lib/env-schema";
import type { PlanId } from "./plans";

/** Billing's settings once the environment is parsed; null when billing is off. */
export interface BillingConfig {
  secretKey: string;
  webhookSecret: string;
  /** Price id -> the plan it sells. */
  plans: Record<string, Exclude<PlanId, "free">>;
  prices: Record<Exclude<PlanId, "free">, string>;
  /** The SDK's own host/port/protocol settings, from STRIPE_API_BASE (tests point it at a loopback fake). */
  api?: { host: string; port: number; protocol: "http" | "https" };
}

type StripeEnv = Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_WEBHOOK_SECRET" | "STRIPE_PRICE_TEAM" | "STRIPE_PRICE_BUSINESS" | "STRIPE_API_BASE">;

/** env-schema has already required all of them together, so a secret key alone means billing is on. */
export function billingConfig(env: StripeEnv): BillingConfig | null {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET || !env.STRIPE_PRICE_TEAM || !env.STRIPE_PRICE_BUSINESS) return null;
  const prices = { team: env.STRIPE_PRICE_TEAM, business: env.STRIPE_PRICE_BUSINESS };
  const api = env.STRIPE_API_BASE ? stripeApiSettings(env.STRIPE_API_BASE) : undefined;
  return {
    secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, prices,
    plans: { [prices.team]: "team", [prices.business]: "business" }, api,
  };
}

/** An origin as the stripe SDK's host/port/protocol settings (also setup after save's, from PROVIDER_BASE_URL_STRIPE). */
export function stripeApiSettings(origin: string): NonNullable<BillingConfig["api"]> {
  const url = new URL(origin);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: Number(url.port || (protocol === "http" ? 80 : 443)), protocol };
}
