import "server-only";
import Stripe from "stripe";
import { env } from "@/lib/env";
import { billingConfig, type BillingConfig } from "./config";

/** The SDK pinned to the API version it was built for, so object shapes match its types. */
export function createStripe(config: BillingConfig): Stripe {
  return new Stripe(config.secretKey, {
    ...(config.api ?? {}),
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
  });
}

export interface Billing {
  config: BillingConfig;
  stripe: Stripe;
}

let billing: Billing | null | undefined;

/** This process's billing (configuration and SDK), or null when no Stripe is configured. */
export function getBilling(): Billing | null {
  if (billing === undefined) {
    const config = billingConfig(env);
    billing = config ? { config, stripe: createStripe(config) } : null;
  }
  return billing;
}
