import Link from "next/link";
import { redirect } from "next/navigation";
import { JoinOrgForm } from "@/components/orgs/join-org-form";
import { YourOrgsLink } from "@/components/orgs/your-orgs-link";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata = { title: "Join an organization" };

export default async function JoinOrgPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?next=/orgs/join");
  return (
    <>
      <JoinOrgForm />
      <p className="mt-6 text-center text-sm text-fg-muted">
        No code? <Link className="text-white underline underline-offset-4" href="/orgs/new">Create an organization</Link>
      </p>
      <YourOrgsLink userId={user.id} />
    </>
  );
}
