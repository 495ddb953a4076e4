import type { Db } from "@/lib/db/types";
import { getBilling } from "./stripe";
import { LIMIT_NOUNS, type LimitKey, type Plan, type PlanId } from "./plans";
import { effectivePlan, readBillingState } from "./state";

/** A refused creation: which limit, on which plan, and how many the org has now. */
export interface PlanLimitHit {
  key: LimitKey;
  plan: PlanId;
  planName: string;
  limit: number;
  count: number;
}

export interface LimitOptions {
  /** Credentials: the (provider, name) being written, which replaces that credential rather than adding one. */
  replacing?: { provider: string; name: string };
  /** Members: count open invitations as seats too, so a new code never promises a seat that is not there. */
  withOpenInvites?: boolean;
  /** Resources without a table here yet (agents, webhook subscriptions, deployments): the caller's count. */
  count?: (db: Db) => Promise<number>;
}

type Counted = { count: number; others: number };

async function countOf(db: Db, orgId: string, key: LimitKey, opts: LimitOptions): Promise<Counted> {
  if (opts.count) {
    const n = await opts.count(db);
    return { count: n, others: n };
  }
  if (key === "credentials") {
    const { rows } = await db.query<Counted>(
      `select count(*)::int as count, count(*) filter (where not (provider = $2 and lower(name) = lower($3)))::int as others
         from integrations where org_id = $1`,
      [orgId, opts.replacing?.provider ?? "", opts.replacing?.name ?? ""],
    );
    return rows[0];
  }
  if (key === "members") {
    const { rows } = await db.query<{ count: number }>(
      `select (select count(*) from memberships where org_id = $1)::int
            + case when $2 then (select count(*) from invitations
                 where org_id = $1 and accepted_at is null and revoked_at is null and expires_at > now()) else 0 end::int as count`,
      [orgId, opts.withOpenInvites ?? false],
    );
    return { count: rows[0].count, others: rows[0].count };
  }
  throw new Error(`checkPlanLimit: ${key} has no table yet; pass opts.count`);
}

/**
 * Whether one more of `key` fits the org's current plan; null when it does (or billing is off).
 * Call it inside the transaction that creates the thing, before the insert: it locks the org's row
 * first, so parallel creations count one after another and exactly the limit get through.
 * Nothing is ever removed for being over a limit: only new ones are refused.
 */
export async function checkPlanLimit(db: Db, orgId: string, key: LimitKey, opts: LimitOptions = {}): Promise<PlanLimitHit | null> {
  const applies = await planLimitFor(db, orgId, key, { lock: true });
  return applies && limitHit(db, orgId, key, applies, opts);
}

/** The limit on `key` of the org's current plan; null when billing is off or the plan has none. */
export async function planLimitFor(db: Db, orgId: string, key: LimitKey, { lock = false } = {}): Promise<{ plan: Plan; limit: number } | null> {
  if (!getBilling()) return null;
  const { plan } = effectivePlan(await readBillingState(db, orgId, { lock }));
  const limit = plan.limits[key];
  return limit === null ? null : { plan, limit };
}

/** Counts against a limit planLimitFor gave; null when one more fits. */
export async function limitHit(db: Db, orgId: string, key: LimitKey, applies: { plan: Plan; limit: number }, opts: LimitOptions = {}): Promise<PlanLimitHit | null> {
  const { count, others } = await countOf(db, orgId, key, opts);
  return others + 1 > applies.limit ? hitOf(key, applies, count) : null;
}

export const hitOf = (key: LimitKey, { plan, limit }: { plan: Plan; limit: number }, count: number): PlanLimitHit =>
  ({ key, plan: plan.id, planName: plan.name, limit, count });

/** Who reads the sentence decides how it ends: owners can upgrade; everyone else asks one. */
export type LimitReader = { role: "owner" | "admin" | "member" | "api"; orgSlug: string };

/** One sentence naming the limit and the count, then how to raise it. */
export function planLimitMessage(hit: PlanLimitHit, reader: LimitReader): string {
  const nouns = LIMIT_NOUNS[hit.key];
  const head = `This organization has ${hit.count} ${hit.count === 1 ? nouns.one : nouns.many}, and the ${hit.planName} plan allows ${hit.limit}, so nothing new was added.`;
  const billing = `/${reader.orgSlug}/settings/billing`;
  if (reader.role === "owner") return `${head} Upgrade the plan in Settings, Billing (${billing}).`;
  if (reader.role === "api") return `${head} An owner of the organization can upgrade it in Settings, Billing (${billing}).`;
  return `${head} Ask an owner of the organization to upgrade the plan.`;
}

/** Thrown inside a creating transaction (so it rolls back) by code whose result type has no room for a refusal. */
export class PlanLimitError extends Error {
  constructor(readonly hit: PlanLimitHit) {
    super(`Plan limit reached: ${hit.key}`);
    this.name = "PlanLimitError";
  }
}
