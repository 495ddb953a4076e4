import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { CreateSubscriptionForm } from "@/components/webhooks-outgoing/create-subscription-form";
import { SubscriptionList } from "@/components/webhooks-outgoing/subscription-list";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { requireOrgMember } from "@/lib/orgs/context";
import { outgoingPageData } from "@/lib/webhooks/page-data";

export const metadata = { title: "Outgoing webhooks" };

export default async function OutgoingWebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  // Read under row-level security: subscriptions and attempts are shown to org admins only, sealed secrets to nobody.
  const subscriptions = isAdmin ? await asUser(await getDb(), user.id, (tx) => outgoingPageData(tx, membership.orgId)) : null;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Outgoing webhooks</h1>
        <p className="mt-2 max-w-prose text-fg-muted">
          Switchboard POSTs this organization&apos;s events to your URLs, signed per Standard Webhooks (<code>webhook-id</code>,{" "}
          <code>webhook-timestamp</code>, <code>webhook-signature</code>). A failed delivery is tried again after 5 seconds, 5 minutes,
          30 minutes, 2, 5, 10 and 10 hours; an answer of 410 Gone, or 5 days of failures, disables the subscription.
        </p>
      </div>
      {!subscriptions ? (
        <Alert tone="info">Only owners and admins manage webhook subscriptions.</Alert>
      ) : (
        <>
          {subscriptions.length === 0 ? (
            <GlassPanel depth={1}><EmptyState title="No subscriptions yet" text="Add one below: a URL and the events it should receive." /></GlassPanel>
          ) : (
            <SubscriptionList orgSlug={orgSlug} subscriptions={subscriptions} />
          )}
          <GlassPanel depth={2} className="max-w-2xl p-6">
            <CreateSubscriptionForm orgSlug={orgSlug} />
          </GlassPanel>
        </>
      )}
    </div>
  );
}
