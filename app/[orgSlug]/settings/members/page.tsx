import { AddMemberForm } from "@/components/members/add-member-form";
import { MemberList } from "@/components/members/member-list";
import { GlassPanel } from "@/components/ui/glass-panel";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { listMembers } from "@/lib/orgs/members";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const members = await asUser(await getDb(), user.id, (tx) => listMembers(tx, membership.orgId));
  const canAdd = membership.role !== "member";

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-3xl font-semibold text-white">Members</h1>
        <p className="mt-2 text-fg-muted">Owners and admins manage credentials; members see statuses only.</p>
      </div>
      <MemberList orgSlug={orgSlug} members={members} currentUserId={user.id} canRemove={membership.role === "owner"} />
      {canAdd && (
        <GlassPanel depth={2} className="max-w-xl p-6">
          <AddMemberForm orgSlug={orgSlug} />
        </GlassPanel>
      )}
    </div>
  );
}
