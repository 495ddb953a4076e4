"use client";

import { useState } from "react";
import { revokeApiKeyAction } from "@/actions/api-keys/revoke-api-key";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";

/** Revoke, with one confirmation in a dialog: programs using the key stop working at once. */
export function RevokeApiKeyButton({ orgSlug, keyId, name }: { orgSlug: string; keyId: string; name: string }) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(revokeApiKeyAction, {
    onSuccess: () => toast({ title: `Revoked API key ${name}`, text: "Requests with it are refused from now on." }),
  });
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>Revoke</Button>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={`Revoke API key ${name}?`} description="Every program that uses this key gets 401 from its next request. This cannot be undone.">
        <form onSubmit={onSubmit} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="keyId" value={keyId} />
          {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={pending}>Revoke {name} now</Button>
        </form>
      </Modal>
    </>
  );
}
