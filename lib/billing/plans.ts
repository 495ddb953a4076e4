/**
 * The plans, as configuration: what each lets an org hold, and the Stripe price it is sold as.
 * Limits count what exists at once, except deployments (per calendar month). `null` is no limit.
 * Imported by the billing page too (names and limits only; price ids come from the environment).
 */
export type PlanId = "free" | "team" | "business";

export type LimitKey = "credentials" | "members" | "agents" | "webhookSubscriptions" | "deploymentsPerMonth";

export interface Plan {
  id: PlanId;
  name: string;
  limits: Record<LimitKey, number | null>;
  /**
   * The shortest interval between two scheduled re-validations of one credential, in minutes.
   * The scheduler uses the longer of this and REVALIDATE_AFTER_MINUTES: a plan can make checks
   * rarer than the deployment's setting, never more frequent.
   */
  minRevalidateMinutes: number;
  /** Which of STRIPE_PRICE_* sells it; Free is what an org has without a paid subscription. */
  priceEnv: "STRIPE_PRICE_TEAM" | "STRIPE_PRICE_BUSINESS" | null;
}

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free", name: "Free", priceEnv: null, minRevalidateMinutes: 24 * 60,
    limits: { credentials: 5, members: 3, agents: 1, webhookSubscriptions: 1, deploymentsPerMonth: 10 },
  },
  team: {
    id: "team", name: "Team", priceEnv: "STRIPE_PRICE_TEAM", minRevalidateMinutes: 60,
    limits: { credentials: 50, members: 15, agents: 10, webhookSubscriptions: 10, deploymentsPerMonth: 200 },
  },
  business: {
    id: "business", name: "Business", priceEnv: "STRIPE_PRICE_BUSINESS", minRevalidateMinutes: 15,
    limits: { credentials: 500, members: 100, agents: 100, webhookSubscriptions: 50, deploymentsPerMonth: 2000 },
  },
};

/** What each limit counts, in the sentence a person reads when they reach it. */
export const LIMIT_NOUNS: Record<LimitKey, { one: string; many: string }> = {
  credentials: { one: "stored credential", many: "stored credentials" },
  members: { one: "member", many: "members" },
  agents: { one: "agent", many: "agents" },
  webhookSubscriptions: { one: "webhook subscription", many: "webhook subscriptions" },
  deploymentsPerMonth: { one: "deployment this month", many: "deployments this month" },
};

export const LIMIT_KEYS = Object.keys(LIMIT_NOUNS) as LimitKey[];
