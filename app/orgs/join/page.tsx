import Link from "next/link";
import { redirect } from "next/navigation";
import { JoinOrgForm } from "@/components/orgs/join-org-form";
import { Logo } from "@/components/layout/logo";
import { YourOrgsLink } from "@/components/orgs/your-orgs-link";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata = { title: "Join an organization" };

export default async function JoinOrgPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?next=/orgs/join");
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <GlassPanel depth={4} className="w-full max-w-md p-8">
        <Logo className="mb-8" />
        <JoinOrgForm />
        <p className="mt-6 text-center text-sm text-fg-muted">
          No code? <Link className="text-white underline underline-offset-4" href="/orgs/new">Create an organization</Link>
        </p>
        <YourOrgsLink userId={user.id} />
      </GlassPanel>
    </main>
  );
}
