"use client";

import { useState } from "react";
import { revokeApiKeyAction } from "@/actions/api-keys/revoke-api-key";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";

/** Revoke, with one confirmation: programs using the key stop working at once. */
export function RevokeApiKeyButton({ orgSlug, keyId, name }: { orgSlug: string; keyId: string; name: string }) {
  const [state, onSubmit, pending] = useActionForm(revokeApiKeyAction);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return <Button size="sm" variant="outline" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>Revoke</Button>;
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="keyId" value={keyId} />
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
      <Button type="submit" size="sm" variant="danger" pending={pending}>Revoke {name} now</Button>
      <Button size="sm" variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
    </form>
  );
}
