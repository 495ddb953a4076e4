import { notFound, redirect } from "next/navigation";
import { AppHeader } from "@/components/layout/app-header";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getOrgContext } from "@/lib/orgs/context";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=/${encodeURIComponent(orgSlug)}/integrations`);
  const membership = await getOrgContext(user.id, orgSlug);
  if (!membership) notFound();
  return (
    <div className="min-h-dvh">
      <AppHeader orgSlug={membership.slug} orgName={membership.orgName} email={user.email} role={membership.role} />
      <main className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
