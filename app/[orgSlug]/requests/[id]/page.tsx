import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/live/live-refresh";
import { RequestsPanel } from "@/components/requests/requests-panel";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getDb } from "@/lib/db";
import { latestEventId } from "@/lib/events/queries";
import { requireOrgMember } from "@/lib/orgs/context";
import { getProvider } from "@/lib/providers";
import { readPanel, readRequestForAdmin } from "@/lib/requests/read";
import { isUuid } from "@/lib/zod/text";

export const metadata = { title: "Credential request" };

const WORD: Record<string, string> = { fulfilled: "Fulfilled", declined: "Declined", expired: "Expired", canceled: "Canceled" };

/** The approval link a requester prints: a signed-in admin of the org answers the request here. The link carries nothing secret. */
export default async function RequestPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  if (membership.role === "member" || !isUuid(id)) notFound();
  const eventId = await latestEventId(await getDb(), membership.orgId);
  const request = await readRequestForAdmin(user.id, membership.orgId, id);
  if (!request) notFound();
  const name = getProvider(request.provider)?.name ?? request.provider;
  const panel = request.state === "pending" ? await readPanel(user.id, membership.orgId, id) : null;
  return (
    <>
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["request."]} />
      <h1 className="mb-6 text-3xl font-semibold text-white">{name} credential request</h1>
      {panel && panel.items.length > 0 ? (
        <RequestsPanel orgSlug={orgSlug} items={panel.items} providers={panel.providers} />
      ) : (
        <GlassPanel depth={2} className="p-6">
          <p className="text-white">{WORD[request.state] ?? request.state}{request.credentialName ? ` with the credential "${request.credentialName}"` : ""}.</p>
          <p className="mt-2 text-fg-muted">{request.reason}</p>
          <p className="mt-1 text-sm text-fg-muted">Asked by {request.requesterLabel}.</p>
        </GlassPanel>
      )}
    </>
  );
}
