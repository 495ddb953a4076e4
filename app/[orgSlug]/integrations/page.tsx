import { notFound, redirect } from "next/navigation";
import { IntegrationTile } from "@/components/integrations/integration-tile";
import { NotificationList } from "@/components/integrations/notification-list";
import { getCurrentUser } from "@/lib/auth/current-user";
import { readIntegrations } from "@/lib/integrations/read";
import { readOpenNotifications } from "@/lib/integrations/read-health";
import { getOrgContext } from "@/lib/orgs/context";
import { providers } from "@/lib/providers";

export const metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  const membership = await getOrgContext(user.id, orgSlug);
  if (!membership) notFound();
  const [rows, notifications] = await Promise.all([readIntegrations(user.id, membership.orgId), readOpenNotifications(user.id, membership.orgId)]);
  const connected = new Set(rows.map((r) => r.provider)).size;

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
      <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {providers.map((p) => {
          const mine = rows.filter((r) => r.provider === p.id);
          const primary = mine.find((r) => r.isDefault) ?? mine[0];
          return (
            <li key={p.id}>
              <IntegrationTile
                href={`/${orgSlug}/integrations/${p.id}`}
                provider={{ id: p.id, name: p.name, category: p.category, description: p.description, iconSlug: p.iconSlug }}
                status={primary?.status ?? "NOT_CONFIGURED"}
                accountLabel={primary?.accountLabel ?? null}
                count={mine.length}
              />
            </li>
          );
        })}
      </ul>
    </>
  );
}
