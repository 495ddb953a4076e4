import { redirect } from "next/navigation";
import { requireOrgMember } from "@/lib/orgs/context";

// The org's own address opens its integrations. Checked here as well as in the layout (the two
// render side by side), so only a member is sent on.
export default async function OrgHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { membership } = await requireOrgMember((await params).orgSlug);
  redirect(`/${membership.slug}/integrations`);
}
