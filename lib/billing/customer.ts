import "server-only";
import type Stripe from "stripe";
import type { Db } from "@/lib/db/types";

/**
 * The org's Stripe customer, created the first time and remembered. The idempotency key makes two
 * owners clicking Upgrade at once get the same customer from Stripe; the insert keeps the first
 * one remembered either way.
 */
export async function ensureCustomer(db: Db, stripe: Stripe, org: { id: string; name: string; slug: string }): Promise<string> {
  const { rows } = await db.query<{ id: string | null }>(`select stripe_customer_id as id from org_billing where org_id = $1`, [org.id]);
  if (rows[0]?.id) return rows[0].id;
  const customer = await stripe.customers.create(
    { name: org.name, metadata: { org_id: org.id, org_slug: org.slug } },
    { idempotencyKey: `switchboard-org-customer-${org.id}` },
  );
  const saved = await db.query<{ id: string }>(
    `insert into org_billing (org_id, stripe_customer_id) values ($1, $2)
     on conflict (org_id) do update set stripe_customer_id = coalesce(org_billing.stripe_customer_id, excluded.stripe_customer_id)
     returning stripe_customer_id as id`,
    [org.id, customer.id],
  );
  return saved.rows[0].id;
}

/**
 * The org a Stripe customer belongs to: the one that remembered it, else the org named in the
 * customer's metadata (set when Switchboard created it) if that org has no customer yet.
 */
export async function orgForCustomer(db: Db, stripe: Stripe, customerId: string): Promise<string | null> {
  const known = await db.query<{ orgId: string }>(`select org_id as "orgId" from org_billing where stripe_customer_id = $1`, [customerId]);
  if (known.rows[0]) return known.rows[0].orgId;
  const customer = await stripe.customers.retrieve(customerId);
  const orgId = "deleted" in customer && customer.deleted ? null : (customer as Stripe.Customer).metadata?.org_id;
  if (!orgId || !/^[0-9a-f-]{36}$/i.test(orgId)) return null;
  const adopted = await db.query<{ orgId: string }>(
    `insert into org_billing (org_id, stripe_customer_id) select id, $2 from organizations where id = $1
     on conflict (org_id) do update set stripe_customer_id = excluded.stripe_customer_id where org_billing.stripe_customer_id is null
     returning org_id as "orgId"`,
    [orgId, customerId],
  );
  return adopted.rows[0]?.orgId ?? null;
}
