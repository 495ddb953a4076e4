import { redirect } from "next/navigation";
import { CreateOrgForm } from "@/components/orgs/create-org-form";
import { Logo } from "@/components/layout/logo";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata = { title: "Create an organization" };

export default async function NewOrgPage() {
  if (!(await getCurrentUser())) redirect("/sign-in?next=/orgs/new");
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <GlassPanel depth={4} className="w-full max-w-md p-8">
        <Logo className="mb-8" />
        <CreateOrgForm />
      </GlassPanel>
    </main>
  );
}
