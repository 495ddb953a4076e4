import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { YourOrgsLink } from "@/components/orgs/your-orgs-link";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata = { title: "Create an organization" };

export default async function NewOrgPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?next=/orgs/new");
  return (
    <>
      <CreateOrgForm />
      <p className="mt-6 text-center text-sm text-fg-muted">
        Invited by a team? <Link className="text-white underline underline-offset-4" href="/orgs/join">Join with an invite code</Link>
      </p>
      <YourOrgsLink userId={user.id} />
    </>
  );
}
