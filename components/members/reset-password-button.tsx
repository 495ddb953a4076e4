"use client";

import { useState } from "react";
import { createResetCodeAction } from "@/actions/members/create-reset-code";
import { CopyField } from "@/components/api-keys/copy-field";
import { useActionForm } from "@/components/forms/use-action-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

/**
 * An owner gives a member who forgot their password a one-time reset code, after a confirmation.
 * The code is shown in the dialog this once; closing the dialog forgets it.
 */
export function ResetPasswordButton({ orgSlug, userId, email }: { orgSlug: string; userId: string; email: string }) {
  const [open, setOpen] = useState(false);
  // A fresh form (and no old code) each time the dialog opens.
  const [round, setRound] = useState(0);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => { setRound((r) => r + 1); setOpen(true); }} aria-label={`Reset password of ${email}`}>Reset password</Button>
      <Modal open={open} onClose={() => setOpen(false)} title={`Give ${email} a reset code?`}
        description="With it they choose a new password at /new-password, and every session they have ends. It works once, for 30 minutes; a newer code replaces it.">
        {open && <ResetCodeBody key={round} orgSlug={orgSlug} userId={userId} email={email} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function ResetCodeBody({ orgSlug, userId, email, onDone }: { orgSlug: string; userId: string; email: string; onDone: () => void }) {
  const [state, onSubmit, pending] = useActionForm(createResetCodeAction);
  if (state?.ok) {
    return (
      <div className="space-y-4">
        <Alert tone="warning" title={`Give this code to ${email} now: it is shown only this once.`}>
          <p className="mb-3">Pass it on where only they can read it. It works once, for {state.data.minutes} minutes.</p>
          <CopyField label="Reset code" value={state.data.code} />
        </Alert>
        <div className="flex justify-end"><Button onClick={onDone}>Done</Button></div>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="userId" value={userId} />
      {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
      <Button variant="outline" onClick={onDone}>Cancel</Button>
      <Button type="submit" pending={pending}>Create reset code</Button>
    </form>
  );
}
