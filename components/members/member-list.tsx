import { GlassPanel } from "@/components/ui/glass-panel";
import type { MemberRow } from "@/lib/orgs/members";
import { ChangeRoleButton } from "./change-role-button";
import { RemoveMemberButton } from "./remove-member-button";
import { ResetPasswordButton } from "./reset-password-button";

/**
 * `canResetPasswords`: an owner, with local accounts (Supabase resets by email). `canChangeRoles`:
 * an owner; their own row too, so an owner can step down once someone else owns the org.
 */
export function MemberList({ orgSlug, members, currentUserId, canRemove, canChangeRoles = false, canResetPasswords = false }: {
  orgSlug: string; members: MemberRow[]; currentUserId: string; canRemove: boolean; canChangeRoles?: boolean; canResetPasswords?: boolean;
}) {
  return (
    <GlassPanel depth={2} as="ul" className="divide-y divide-line" aria-label="Members">
      {members.map((m) => (
        <li key={m.userId} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4" data-member={m.email}>
          <div className="min-w-0 flex-1">
            {/* All of the address shows (it says who a Remove button removes): it breaks only when it
                cannot fit the line, rather than being cut off behind a tooltip a phone lacks. */}
            <p className="text-white [overflow-wrap:anywhere]">{m.email}{m.userId === currentUserId && <span className="text-fg-muted"> (you)</span>}</p>
            <p className="text-sm capitalize text-fg-muted">{m.role}</p>
          </div>
          {canChangeRoles && <ChangeRoleButton orgSlug={orgSlug} userId={m.userId} email={m.email} role={m.role} self={m.userId === currentUserId} />}
          {/* Never for another owner (lib/auth/password-reset.ts): the action refuses it too. */}
          {canResetPasswords && m.userId !== currentUserId && m.role !== "owner" && <ResetPasswordButton orgSlug={orgSlug} userId={m.userId} email={m.email} />}
          {canRemove && m.userId !== currentUserId && <RemoveMemberButton orgSlug={orgSlug} userId={m.userId} email={m.email} />}
        </li>
      ))}
    </GlassPanel>
  );
}
