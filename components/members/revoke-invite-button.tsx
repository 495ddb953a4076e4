"use client";

import { useState } from "react";
import { revokeInviteAction } from "@/actions/members/revoke-invite";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { useRevokedInvites } from "./revoked-invites";

/** Revoke an invitation, after one confirmation in a dialog like every other destructive action. */
export function RevokeInviteButton({ orgSlug, inviteId, note }: { orgSlug: string; inviteId: string; note: string }) {
  const toast = useToast();
  const { markRevoked } = useRevokedInvites();
  const [state, onSubmit, pending] = useActionForm(revokeInviteAction, {
    onSuccess: () => {
      markRevoked(inviteId);
      toast({ title: `Revoked the invitation for ${note}`, text: "Its code no longer works." });
    },
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Revoke the invitation for ${note}`}>Revoke</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Revoke the invitation for ${note}?`}
        description="Its code stops working at once. To let them join later, create a new invite code.">
        <form onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="inviteId" value={inviteId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>Revoke the invitation</Button>
        </form>
      </Modal>
    </>
  );
}
