"use client";

import { useState } from "react";
import { removeMemberAction } from "@/actions/members/remove-member";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";

/** Remove someone from the org, after one confirmation in a dialog. */
export function RemoveMemberButton({ orgSlug, userId, email }: { orgSlug: string; userId: string; email: string }) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(removeMemberAction, {
    onSuccess: () => toast({ title: `Removed ${email}`, text: "Their account stays; they no longer see this organization." }),
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Remove ${email}`}>Remove</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Remove ${email}?`} description="They lose access to this organization at once, and API keys they created stop working. To bring them back, send them a new invite.">
        <form method="post" onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="userId" value={userId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep them</Button>
          <Button type="submit" variant="danger" pending={pending}>Remove {email}</Button>
        </form>
      </Modal>
    </>
  );
}
