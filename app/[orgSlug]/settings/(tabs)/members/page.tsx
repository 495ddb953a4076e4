import { InviteForm } from "@/components/members/invite-form";
import { InviteList } from "@/components/members/invite-list";
import { MemberList } from "@/components/members/member-list";
import { RevokedInvitesProvider } from "@/components/members/revoked-invites";
import { LiveRefresh } from "@/components/live/live-refresh";
import { GlassPanel } from "@/components/ui/glass-panel";
import { supabaseAuthEnabled } from "@/lib/auth/supabase";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { publicOrigin } from "@/lib/net/public-origin";
import { requireOrgMember } from "@/lib/orgs/context";
import { listOpenInvites } from "@/lib/orgs/invites";
import { listMembers } from "@/lib/orgs/members";

export const metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const canInvite = membership.role !== "member";
  const db = await getDb();
  const eventId = await latestEventId(db, membership.orgId);
  const { members, invites } = await asUser(db, user.id, async (tx) => ({
    members: await listMembers(tx, membership.orgId),
    invites: canInvite ? await listOpenInvites(tx, membership.orgId) : [],
  }));

  // Only the operator's APP_URL makes a link worth sending: the request's Host is whatever the client sent.
  const { origin, configured } = publicOrigin();
  const joinUrl = configured ? `${origin}/orgs/join` : null;

  return (
    <div className="space-y-8">
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["member.", "invitation."]} />
      <div>
        <h1 className="text-3xl font-semibold text-white">Members</h1>
        <p className="mt-2 text-fg-muted">
          Owners and admins manage credentials; members see statuses only. {membership.role === "owner" ? "Owners change roles." : "Only an owner changes roles."}
        </p>
      </div>
      <MemberList orgSlug={orgSlug} members={members} currentUserId={user.id} canRemove={membership.role === "owner"}
        canChangeRoles={membership.role === "owner"}
        canResetPasswords={membership.role === "owner" && !supabaseAuthEnabled()} />
      {canInvite && (
        <RevokedInvitesProvider>
          {invites.length > 0 && <InviteList orgSlug={orgSlug} invites={invites} />}
          <GlassPanel depth={2} className="max-w-xl p-6">
            <InviteForm orgSlug={orgSlug} joinUrl={joinUrl} />
          </GlassPanel>
        </RevokedInvitesProvider>
      )}
    </div>
  );
}
