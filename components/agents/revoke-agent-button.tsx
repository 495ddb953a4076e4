"use client";

import { useState } from "react";
import { revokeAgentAction } from "@/actions/agents/revoke-agent";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";

/** Revoke, with one confirmation in a dialog: the agent's next call is refused, on every instance. */
export function RevokeAgentButton({ orgSlug, agentId, name }: { orgSlug: string; agentId: string; name: string }) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(revokeAgentAction, {
    onSuccess: () => toast({ title: `Revoked agent ${name}`, text: "Its calls are refused from now on." }),
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>Revoke</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Revoke agent ${name}?`} description="Its token stops working on its next call, and its grants with it. This cannot be undone.">
        <form onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="agentId" value={agentId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>Revoke {name} now</Button>
        </form>
      </Modal>
    </>
  );
}
