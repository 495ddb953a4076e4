import { GlassPanel } from "@/components/ui/glass-panel";
import { formatWhen } from "@/lib/format";
import type { InviteRow } from "@/lib/orgs/invites";
import { RevokeInviteButton } from "./revoke-invite-button";

/** Invite codes nobody has used yet; the codes themselves were shown once and are not known here. */
export function InviteList({ orgSlug, invites }: { orgSlug: string; invites: InviteRow[] }) {
  return (
    <section aria-labelledby="invites-title" className="space-y-3">
      <h2 id="invites-title" className="text-lg font-medium text-white">Open invitations</h2>
      <GlassPanel depth={1} as="ul" className="divide-y divide-line" aria-label="Open invitations">
        {invites.map((i) => (
          <li key={i.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4" data-invite={i.note}>
            <div className="min-w-0 flex-1">
              {/* The note is how the code's recipient is recognised, so all of it shows (80 characters
                  at most): it wraps, breaking anywhere, rather than being cut off behind a tooltip a phone lacks. */}
              <p className="text-white [overflow-wrap:anywhere]">{i.note}</p>
              <p className="text-sm text-fg-muted"><span className="capitalize">{i.role}</span> · created {formatWhen(i.createdAt)} · expires {formatWhen(i.expiresAt)}</p>
            </div>
            <RevokeInviteButton orgSlug={orgSlug} inviteId={i.id} note={i.note} />
          </li>
        ))}
      </GlassPanel>
    </section>
  );
}
