import { AppHeader } from "@/components/layout/app-header";
import { requireOrgMember } from "@/lib/orgs/context";
import { countPendingRequests } from "@/lib/requests/read";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const pendingRequests = membership.role === "member" ? 0 : await countPendingRequests(user.id, membership.orgId);
  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only rounded-lg bg-surface-2 px-4 py-2 text-white focus-ring focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-30">
        Skip to content
      </a>
      <AppHeader orgSlug={membership.slug} orgName={membership.orgName} email={user.email} role={membership.role} pendingRequests={pendingRequests} />
      <main id="main" tabIndex={-1} className="focus:outline-none mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
