import { AppHeader } from "@/components/layout/app-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { requireOrgMember } from "@/lib/orgs/context";
import { readRequestBadge } from "@/lib/requests/read";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  const badge = isAdmin ? await readRequestBadge(user.id, membership.orgId) : null;
  const eventId = badge?.eventId ?? null;
  const pendingRequests = badge?.pending ?? 0;
  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only rounded-lg bg-surface-2 px-4 py-2 text-white focus-ring focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-30">
        Skip to content
      </a>
      {/* The header's request count, live on every page of the org (the page's own LiveRefresh shares the stream);
          and a role change, so an admin made a member sees the member's page at once, whatever page is open. */}
      {eventId !== null && <LiveRefresh orgSlug={membership.slug} after={eventId} prefixes={["request.", "member.role_changed"]} />}
      <AppHeader orgSlug={membership.slug} orgName={membership.orgName} email={user.email} role={membership.role} pendingRequests={pendingRequests} />
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
