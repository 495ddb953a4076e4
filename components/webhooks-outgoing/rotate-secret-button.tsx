"use client";

import { useState } from "react";
import { rotateWebhookSecretAction } from "@/actions/webhooks/rotate-webhook-secret";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { ShownOnceSecret } from "./create-subscription-form";

/** Rotates after one confirmation and shows the new secret once, in the same dialog. */
export function RotateSecretButton({ orgSlug, subscriptionId }: { orgSlug: string; subscriptionId: string }) {
  const [open, setOpen] = useState(false);
  const [state, onSubmit, pending] = useActionForm(rotateWebhookSecretAction);
  const secret = state?.ok ? state.data.secret : null;
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>Rotate secret</Button>
      <Modal open={open} onClose={() => setOpen(false)} title="Rotate the signing secret?"
        description="Deliveries carry two signatures for the next 24 hours, one with the old secret and one with the new, so your receiver can switch over without missing any. After that only the new secret signs.">
        {secret ? (
          <div className="space-y-4">
            <ShownOnceSecret secret={secret} />
            <div className="flex justify-end"><Button variant="outline" onClick={() => setOpen(false)}>Done</Button></div>
          </div>
        ) : (
          <form method="post" onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="subscriptionId" value={subscriptionId} />
            {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
            <Button variant="outline" onClick={() => setOpen(false)}>Keep the current one</Button>
            <Button type="submit" pending={pending}>Rotate now</Button>
          </form>
        )}
      </Modal>
    </>
  );
}
