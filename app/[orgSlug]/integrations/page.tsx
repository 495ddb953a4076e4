import { IntegrationTile } from "@/components/integrations/integration-tile";
import { NotificationList } from "@/components/integrations/notification-list";
import { readIntegrations } from "@/lib/integrations/read";
import { readOpenNotifications } from "@/lib/integrations/read-health";
import { requireOrgMember } from "@/lib/orgs/context";
import { providers, providersByCategory } from "@/lib/providers";
import type { IntegrationRow } from "@/lib/integrations/queries";

export const metadata = { title: "Integrations" };

// The catalog is fixed at build time; only the statuses are read per request.
const SECTIONS = providersByCategory();

export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const [rows, notifications] = await Promise.all([readIntegrations(user.id, membership.orgId), readOpenNotifications(user.id, membership.orgId)]);
  const byProvider = new Map<string, IntegrationRow[]>();
  for (const r of rows) byProvider.set(r.provider, [...(byProvider.get(r.provider) ?? []), r]);
  const connected = byProvider.size;

  return (
    <>
      <div className="mb-8">
        <h1 className="text-3xl font-semibold text-white">Integrations</h1>
        <p className="mt-2 text-fg-muted">
          {connected === 0
            ? "Nothing connected yet. Pick a provider to add its key; Switchboard checks it with the provider before keeping it."
            : `${connected} of ${providers.length} providers connected.`}
        </p>
      </div>
      <NotificationList orgSlug={orgSlug} notifications={notifications} canDismiss={membership.role !== "member"} />
      {SECTIONS.map((section) => (
        <section key={section.category} aria-labelledby={`cat-${section.category}`} className="mb-10">
          <h2 id={`cat-${section.category}`} className="mb-4 text-sm font-medium uppercase tracking-wider text-fg-muted">{section.title}</h2>
          <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {section.providers.map((p) => {
              const mine = byProvider.get(p.id) ?? [];
              const primary = mine.find((r) => r.isDefault) ?? mine[0];
              return (
                <li key={p.id}>
                  <IntegrationTile
                    href={`/${orgSlug}/integrations/${p.id}`}
                    provider={{ id: p.id, name: p.name, description: p.description, iconSlug: p.iconSlug }}
                    status={primary?.status ?? "NOT_CONFIGURED"}
                    accountLabel={primary?.accountLabel ?? null}
                    count={mine.length}
                  />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
