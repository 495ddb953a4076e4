import { RecentDeployments } from "@/components/deployments/recent-deployments";
import { IntegrationGrid } from "@/components/integrations/integration-grid";
import { brandHref } from "@/components/ui/brand-icon";
import { NotificationList } from "@/components/integrations/notification-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { OwnRequests } from "@/components/requests/own-requests";
import { RequestsPanel } from "@/components/requests/requests-panel";
import { StackAnalyzer } from "@/components/stack/stack-analyzer";
import { catalogSummary, tileDetail } from "@/lib/integrations/provider-status";
import { readIntegrationsPage } from "@/lib/integrations/read-health";
import { requireOrgMember } from "@/lib/orgs/context";
import { providers, providersByCategory } from "@/lib/providers";

export const metadata = { title: "Integrations" };

// No loading.tsx for this page, on purpose: its reads take milliseconds, and behind a Suspense
// boundary React 19.2 may hold the streamed tiles back up to 300 ms after they arrive, so a full
// load would paint a skeleton first. Without one the catalog is readable on the first paint.

// The catalog is fixed at build time; only the statuses are read per request.
const SECTIONS = providersByCategory();
const NAMES = Object.fromEntries(providers.map((p) => [p.id, p.name]));
// What this page shows: statuses, credentials and notifications.
// A role change too: a member made an admin gets the admin's page (admins have the layout's refresh for it).
const LIVE = ["integration.", "credential.", "notification.", "request.", "deployment.state_changed", "member.role_changed"];

export default async function IntegrationsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  const { summaries, notifications, eventId, panel, mine, modelEnabled, deployments } = await readIntegrationsPage(user.id, membership.orgId, isAdmin);
  const byProvider = new Map(summaries.map((s) => [s.provider, s]));

  return (
    <>
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={LIVE} />
      <div className="mb-8">
        <h1 className="text-3xl font-semibold text-white">Integrations</h1>
        <p className="mt-2 text-fg-muted">
          {summaries.length === 0
            ? "Nothing connected yet. Pick a provider to add its key; Switchboard checks it with the provider before keeping it."
            : catalogSummary(summaries, providers.length)}
        </p>
      </div>
      {panel && <RequestsPanel orgSlug={orgSlug} items={panel.items} providers={panel.providers} />}
      {!isAdmin && <OwnRequests requests={mine} names={NAMES} />}
      <RecentDeployments orgSlug={orgSlug} deployments={deployments} />
      <NotificationList orgSlug={orgSlug} notifications={notifications} canDismiss={membership.role !== "member"} />
      <StackAnalyzer orgSlug={orgSlug} isAdmin={isAdmin} modelEnabled={modelEnabled} />
      <IntegrationGrid
        orgSlug={orgSlug}
        sections={SECTIONS.map((section) => ({
          category: section.category,
          title: section.title,
          tiles: section.providers.map((p) => {
            const summary = byProvider.get(p.id);
            return {
              id: p.id, name: p.name, iconHref: brandHref(p.iconSlug), detail: tileDetail(summary, p.description),
              status: summary?.status ?? "NOT_CONFIGURED", otherValid: summary?.otherValid ?? 0,
            };
          }),
        }))}
      />
    </>
  );
}
