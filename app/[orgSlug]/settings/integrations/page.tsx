import { AuditTrail } from "@/components/settings/audit-trail";
import { SettingsCredentialRow } from "@/components/settings/settings-credential-row";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { listAudit } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { readIntegrations } from "@/lib/integrations/read";
import { requireOrgMember } from "@/lib/orgs/context";
import { getProvider } from "@/lib/providers";

export const metadata = { title: "Integration settings" };

export default async function SettingsIntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const canEdit = membership.role !== "member";
  const [rows, audit] = await Promise.all([
    readIntegrations(user.id, membership.orgId),
    canEdit ? getDb().then((db) => asUser(db, user.id, (tx) => listAudit(tx, membership.orgId))) : Promise.resolve([]),
  ]);

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Integration settings</h1>
        <p className="mt-2 text-fg-muted">Rename, re-validate or delete stored credentials, choose each provider's default, and read who touched them.</p>
      </div>
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
              <SettingsCredentialRow key={r.id} orgSlug={orgSlug} row={r} providerName={getProvider(r.provider)?.name ?? r.provider} canEdit={canEdit} />
            ))}
          </GlassPanel>
        )}
      </section>
      {canEdit && <AuditTrail events={audit} />}
    </div>
  );
}
