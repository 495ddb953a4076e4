"use client";

import { revokeInviteAction } from "@/actions/members/revoke-invite";
import { RevokeButton } from "@/components/forms/revoke-button";
import { useRevokedInvites } from "./revoked-invites";

/** Revoke an invitation, after one confirmation in a dialog like every other destructive action. */
export function RevokeInviteButton({ orgSlug, inviteId, note }: { orgSlug: string; inviteId: string; note: string }) {
  const { markRevoked } = useRevokedInvites();
  return (
    <RevokeButton orgSlug={orgSlug} fields={{ inviteId }} action={revokeInviteAction} onRevoked={() => markRevoked(inviteId)}
      label={`Revoke the invitation for ${note}`} confirm="Revoke the invitation"
      title={`Revoke the invitation for ${note}?`} description="Its code stops working at once. To let them join later, create a new invite code."
      done={{ title: `Revoked the invitation for ${note}`, text: "Its code no longer works." }} />
  );
}
