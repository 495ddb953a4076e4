"use client";

import { useActionState, useState } from "react";
import { deleteInboundEndpointAction } from "@/actions/webhooks/delete-inbound-endpoint";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";

/** Deletes an endpoint after one confirmation: senders still posting to it get 404 from then on. */
export function DeleteEndpointButton({ orgSlug, endpointId, name }: { orgSlug: string; endpointId: string; name: string }) {
  const [state, remove, pending] = useActionState(deleteInboundEndpointAction, null);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button type="button" size="sm" variant="outline" onClick={() => setConfirming(true)}>Delete</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Delete endpoint “${name}”?`}
        description="Its URL stops accepting deliveries and its delivery history is erased. The audit log keeps the record.">
        <form action={remove} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="endpointId" value={endpointId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button type="button" variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>Delete “{name}”</Button>
        </form>
      </Modal>
    </>
  );
}
