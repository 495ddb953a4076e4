import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { SettingsCredentialRow } from "@/components/settings/settings-credential-row";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { otherValidNote, providerStatus } from "@/lib/integrations/provider-status";
import { readIntegrations } from "@/lib/integrations/read";
import { requireOrgMember } from "@/lib/orgs/context";
import { getProvider } from "@/lib/providers";

export const metadata = { title: "Credentials" };

export default async function SettingsIntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const canEdit = membership.role !== "member";
  const { rows, eventId } = await readIntegrations(user.id, membership.orgId);
  // Said on the default's row, as on the tile and the provider page: it is not Valid, another one is.
  const noteFor = (provider: string) => otherValidNote(providerStatus(rows.filter((r) => r.provider === provider)));

  return (
    <div className="space-y-8">
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["integration.", "credential.", "member.role_changed"]} />
      <PageHeader title="Credentials">
        {canEdit
          ? "Rename, re-validate or delete stored credentials and choose each provider's default."
          : "The organization's stored credentials and their status. Owners and admins rename, re-validate and delete them."}
      </PageHeader>
      <section aria-labelledby="credentials-title">
        <h2 id="credentials-title" className="mb-3 text-lg font-medium text-white">Stored credentials</h2>
        {rows.length === 0 ? (
          <GlassPanel depth={1}>
            <EmptyState
              title="No credentials yet"
              text="Connect a provider from the integrations page; its credentials will be listed here."
              action={<ButtonLink href={`/${orgSlug}/integrations`}>Connect a provider</ButtonLink>}
            />
          </GlassPanel>
        ) : (
          <GlassPanel depth={2} className="divide-y divide-line">
            {rows.map((r) => (
              <SettingsCredentialRow key={r.id} orgSlug={orgSlug} row={r} providerName={getProvider(r.provider)?.name ?? r.provider} canEdit={canEdit}
                note={r.isDefault ? noteFor(r.provider) : null} />
            ))}
          </GlassPanel>
        )}
      </section>
    </div>
  );
}
