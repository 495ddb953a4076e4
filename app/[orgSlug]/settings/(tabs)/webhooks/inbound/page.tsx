import { CreateEndpointForm } from "@/components/webhooks-inbound/create-endpoint-form";
import { EndpointList } from "@/components/webhooks-inbound/endpoint-list";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { publicOrigin } from "@/lib/net/public-origin";
import { requireOrgMember } from "@/lib/orgs/context";
import { inboundPageData } from "@/lib/webhooks/inbound/page-data";

export const metadata = { title: "Inbound webhooks" };

export default async function InboundWebhooksPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  const origin = publicOrigin();
  // Read under row-level security: endpoints and deliveries are shown to org admins only.
  const data = isAdmin ? await asUser(await getDb(), user.id, (tx) => inboundPageData(tx, membership.orgId, origin.origin)) : null;

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Inbound webhooks</h1>
        <p className="mt-2 max-w-prose text-fg-muted">
          Addresses your providers send webhooks to. Each delivery is verified on its raw body (a signature older than 5 minutes is refused),
          stored once per provider event id, and passed on to this organization&apos;s webhook subscriptions.
        </p>
        {!origin.configured && <p className="mt-2 max-w-prose text-sm text-warning">APP_URL is not set, so these addresses name this machine only; senders elsewhere need Switchboard&apos;s public address.</p>}
      </div>
      {!data ? (
        <Alert tone="info">Only owners and admins manage inbound webhooks.</Alert>
      ) : (
        <>
          {data.endpoints.length === 0 ? (
            <GlassPanel depth={1}><EmptyState title="No inbound endpoints yet" text="Create one below for a stored credential; its URL is what you give the sender." /></GlassPanel>
          ) : (
            <EndpointList orgSlug={orgSlug} endpoints={data.endpoints} />
          )}
          <GlassPanel depth={2} className="max-w-xl p-6">
            {data.credentials.length === 0
              ? <EmptyState level={3} title="No credentials yet" text="An endpoint belongs to a stored credential (Stripe, GitHub, or any other). Add one on the integrations page first." />
              : <CreateEndpointForm orgSlug={orgSlug} credentials={data.credentials} />}
          </GlassPanel>
        </>
      )}
    </div>
  );
}
