"use client";

import { useState } from "react";
import { deleteWebhookSubscriptionAction } from "@/actions/webhooks/delete-webhook-subscription";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

/** Deletes after one confirmation: waiting deliveries are dropped with it. */
export function DeleteSubscriptionButton({ orgSlug, subscriptionId, url }: { orgSlug: string; subscriptionId: string; url: string }) {
  const [open, setOpen] = useState(false);
  const [state, onSubmit, pending] = useActionForm(deleteWebhookSubscriptionAction);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setOpen(true)} aria-label={`Delete the subscription for ${url}`}>Delete</Button>
      <Modal open={open} onClose={() => setOpen(false)} title="Delete this subscription?"
        description={`Switchboard stops sending to ${url}; deliveries still waiting and the attempt history are erased. The audit log keeps the record.`}>
        <form method="post" onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="subscriptionId" value={subscriptionId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setOpen(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>Delete subscription</Button>
        </form>
      </Modal>
    </>
  );
}
