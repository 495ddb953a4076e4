import { AppHeader } from "@/components/layout/app-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { getDb } from "@/lib/db";
import { latestEventId } from "@/lib/events/queries";
import { requireOrgMember } from "@/lib/orgs/context";
import { countPendingRequests } from "@/lib/requests/read";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  // The event id first: a request filed between the two reads then still refreshes the badge.
  const eventId = isAdmin ? await latestEventId(await getDb(), membership.orgId) : null;
  const pendingRequests = isAdmin ? await countPendingRequests(user.id, membership.orgId) : 0;
  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only rounded-lg bg-surface-2 px-4 py-2 text-white focus-ring focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-30">
        Skip to content
      </a>
      {/* The header's request count, live on every page of the org (the page's own LiveRefresh shares the stream). */}
      {eventId !== null && <LiveRefresh orgSlug={membership.slug} after={eventId} prefixes={["request."]} />}
      <AppHeader orgSlug={membership.slug} orgName={membership.orgName} email={user.email} role={membership.role} pendingRequests={pendingRequests} />
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
