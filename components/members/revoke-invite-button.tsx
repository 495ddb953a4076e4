"use client";

import { revokeInviteAction } from "@/actions/members/revoke-invite";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";

/** Revoke without a dialog: nobody has joined with the code yet, and a new one is a click away. */
export function RevokeInviteButton({ orgSlug, inviteId, note }: { orgSlug: string; inviteId: string; note: string }) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(revokeInviteAction, {
    onSuccess: () => toast({ title: `Revoked the invitation for ${note}`, text: "Its code no longer works." }),
  });
  return (
    <form onSubmit={onSubmit} className="flex items-center gap-3">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="inviteId" value={inviteId} />
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
      <Button type="submit" size="sm" variant="outline" pending={pending} aria-label={`Revoke the invitation for ${note}`}>Revoke</Button>
    </form>
  );
}
