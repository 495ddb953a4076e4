"use client";

import { useState } from "react";
import { deleteRunpodEndpointAction } from "@/actions/runpod/delete-runpod-endpoint";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

/** Delete, then Confirm: an endpoint deleted at RunPod cannot be brought back. */
export function DeleteEndpointButton({ orgSlug, deploymentId, name }: { orgSlug: string; deploymentId: string; name: string }) {
  const [armed, setArmed] = useState(false);
  const [state, submit, pending] = useActionForm(deleteRunpodEndpointAction);
  return (
    <form method="post" onSubmit={submit} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="deploymentId" value={deploymentId} />
      {armed ? (
        <>
          <Button type="submit" variant="danger" size="sm" pending={pending} pendingLabel="Deleting" aria-label={`Confirm: delete ${name} at RunPod`}>Confirm delete</Button>
          <Button size="sm" variant="outline" onClick={() => setArmed(false)}>Keep</Button>
        </>
      ) : (
        <Button size="sm" variant="outline" onClick={() => setArmed(true)} aria-label={`Delete ${name}`}>Delete</Button>
      )}
      {state && !state.ok && <p role="alert" className="basis-full text-right text-sm text-error">{state.error}</p>}
    </form>
  );
}
