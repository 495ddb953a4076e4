"use client";

import { useActionState, useState } from "react";
import { deleteIntegrationAction } from "@/actions/integrations/delete-integration";
import { revalidateIntegrationAction } from "@/actions/integrations/revalidate-integration";
import { Button } from "@/components/ui/button";

/** Re-validate and delete for one stored credential; delete asks once more before it acts. */
export function CredentialActions({ orgSlug, provider, integrationId, name }: { orgSlug: string; provider: string; integrationId: string; name: string }) {
  const [checked, revalidate, checking] = useActionState(revalidateIntegrationAction, null);
  const [deleted, remove, deleting] = useActionState(deleteIntegrationAction, null);
  const [confirming, setConfirming] = useState(false);
  const result = deleted ?? checked;
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <form action={revalidate}>
          <Hidden orgSlug={orgSlug} provider={provider} integrationId={integrationId} />
          <Button type="submit" size="sm" variant="secondary" pending={checking}>Re-validate</Button>
        </form>
        {confirming ? (
          <form action={remove} className="flex gap-2">
            <Hidden orgSlug={orgSlug} provider={provider} integrationId={integrationId} />
            <Button type="submit" size="sm" variant="danger" pending={deleting}>Delete {name} for good</Button>
            <Button type="button" size="sm" variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          </form>
        ) : (
          <Button type="button" size="sm" variant="outline" onClick={() => setConfirming(true)}>Delete</Button>
        )}
      </div>
      <p role="status" className={`max-w-sm text-right text-sm ${result && !result.ok ? "text-error" : "text-fg-muted"}`}>
        {result ? (result.ok ? result.message : result.error) : null}
      </p>
    </div>
  );
}

function Hidden({ orgSlug, provider, integrationId }: { orgSlug: string; provider: string; integrationId: string }) {
  return (
    <>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="integrationId" value={integrationId} />
    </>
  );
}
