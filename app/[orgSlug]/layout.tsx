import { AppHeader } from "@/components/layout/app-header";
import { requireOrgMember } from "@/lib/orgs/context";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  return (
    <div className="min-h-dvh">
      <AppHeader orgSlug={membership.slug} orgName={membership.orgName} email={user.email} role={membership.role} />
      <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
