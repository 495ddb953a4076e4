import { BillingButtons } from "@/components/billing/billing-buttons";
import { UsageList } from "@/components/billing/usage-list";
import { Alert } from "@/components/ui/alert";
import { GlassPanel } from "@/components/ui/glass-panel";
import { requestActor } from "@/lib/auth/current-user";
import { syncCheckoutReturn } from "@/lib/billing/checkout-return";
import { PLANS } from "@/lib/billing/plans";
import { effectivePlan, readBillingState } from "@/lib/billing/state";
import { getBilling } from "@/lib/billing/stripe";
import { readUsage } from "@/lib/billing/usage";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { formatWhen } from "@/lib/format";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Billing" };

const STANDING = { free: "Free", paid: "Active", grace: "Payment failed", grace_over: "Payment failed", inactive: "Ended" } as const;

export default async function BillingPage({ params, searchParams }: {
  params: Promise<{ orgSlug: string }>; searchParams: Promise<{ session_id?: string | string[] }>;
}) {
  const [{ orgSlug }, query] = await Promise.all([params, searchParams]);
  const { user, membership } = await requireOrgMember(orgSlug);
  const db = await getDb();
  const billing = getBilling();
  const usage = await asUser(db, user.id, (tx) => readUsage(tx, membership.orgId));

  if (!billing) {
    return (
      <div className="space-y-8">
        <h1 className="text-3xl font-semibold text-white">Billing</h1>
        <Alert tone="info" title="Billing is off on this Switchboard">
          Every organization is unlimited. To sell plans, set STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_TEAM and
          STRIPE_PRICE_BUSINESS (see the README, Billing) and restart.
        </Alert>
        <GlassPanel depth={2} className="max-w-2xl p-6"><UsageList plan={null} usage={usage} /></GlassPanel>
      </div>
    );
  }

  // Back from Checkout: the same sync as the webhook, so the new plan shows before the webhook lands.
  // Owners only: they are the ones Checkout sends back, and nobody else should make this page call Stripe.
  const isOwner = membership.role === "owner";
  const sessionId = typeof query.session_id === "string" ? query.session_id : null;
  if (sessionId && isOwner) await syncCheckoutReturn(db, billing, membership.orgId, sessionId, await requestActor(user.id));
  // The server's own read: it includes the Stripe customer id, which RLS keeps from client roles.
  const state = await readBillingState(db, membership.orgId);
  const { plan, standing } = effectivePlan(state);
  const subscribed = standing === "paid" || standing === "grace" || standing === "grace_over";

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Billing</h1>
        <p className="mt-2 text-fg-muted">Plans limit what this organization may hold; nothing is ever removed for being over a limit.</p>
      </div>
      {standing === "grace" && isOwner && state.graceEndsAt && (
        <Alert tone="warning" title="A payment failed">
          The {PLANS[state.plan].name} plan&apos;s limits hold until {formatWhen(state.graceEndsAt)}; after that this organization falls to
          the Free plan&apos;s limits. Update the card in Manage billing.
        </Alert>
      )}
      {standing === "grace_over" && isOwner && (
        <Alert tone="error" title="Payment still failing">
          The grace period is over, so the Free plan&apos;s limits apply. Update the card in Manage billing to get the {PLANS[state.plan].name} plan back.
        </Alert>
      )}
      <GlassPanel depth={2} className="max-w-2xl space-y-6 p-6">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-xl font-semibold text-white" data-plan={plan.id}>{plan.name} plan</h2>
          <p className="text-sm text-fg-muted">
            Status: {STANDING[standing]}
            {subscribed && state.currentPeriodEnd && (state.cancelAtPeriodEnd
              ? ` · ends ${formatWhen(state.currentPeriodEnd)}`
              : ` · renews ${formatWhen(state.currentPeriodEnd)}`)}
          </p>
        </div>
        <UsageList plan={plan} usage={usage} />
        {isOwner ? (
          <BillingButtons
            orgSlug={orgSlug}
            upgrades={subscribed ? [] : [PLANS.team, PLANS.business].map((p) => ({ id: p.id as "team" | "business", name: p.name }))}
            canManage={Boolean(state.customerId)}
          />
        ) : (
          <p className="text-sm text-fg-muted">Only owners change the plan or billing details; ask an owner of this organization.</p>
        )}
      </GlassPanel>
    </div>
  );
}
