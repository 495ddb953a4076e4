"use client";

import { useActionState, useState } from "react";
import { deleteIntegrationAction } from "@/actions/integrations/delete-integration";
import { revalidateIntegrationAction } from "@/actions/integrations/revalidate-integration";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { StatusBadge } from "@/components/ui/status-badge";
import { useToast } from "@/components/ui/toast";

/** Re-validate and delete for one stored credential; delete asks once more, in a dialog. */
export function CredentialActions({ orgSlug, provider, providerName, integrationId, name }: {
  orgSlug: string; provider: string; providerName: string; integrationId: string; name: string;
}) {
  const toast = useToast();
  const [checked, revalidate, checking] = useActionState(revalidateIntegrationAction, null);
  // The row leaves the page with the deletion, so success is told by a toast that outlives it.
  const [deleted, remove, deleting] = useActionState(async (prev: Awaited<ReturnType<typeof deleteIntegrationAction>> | null, form: FormData) => {
    const result = await deleteIntegrationAction(prev, form);
    if (result.ok) toast({ title: `Deleted ${providerName} credential “${name}”`, text: "The sealed secret is gone; the audit log keeps the record." });
    return result;
  }, null);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <form action={revalidate}>
          <Hidden orgSlug={orgSlug} provider={provider} integrationId={integrationId} />
          <Button type="submit" size="sm" variant="secondary" pending={checking}>Re-validate</Button>
        </form>
        <Button type="button" size="sm" variant="outline" onClick={() => setConfirming(true)}>Delete</Button>
      </div>
      <div role="status" className={`max-w-sm text-sm sm:text-right ${checked && !checked.ok && !checking ? "text-error" : "text-fg-muted"}`}>
        {checking ? <StatusBadge status="CHECKING" /> : checked ? (checked.ok ? checked.message : checked.error) : null}
      </div>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Delete ${providerName} credential “${name}”?`}
        description="The sealed secret is erased and cannot be recovered. Programs that read it from Switchboard stop getting it. The audit log keeps the record."
      >
        <form action={remove} className="flex flex-wrap justify-end gap-2">
          <Hidden orgSlug={orgSlug} provider={provider} integrationId={integrationId} />
          {deleted && !deleted.ok && <p role="alert" className="w-full text-sm text-error">{deleted.error}</p>}
          <Button type="button" variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={deleting}>Delete “{name}” for good</Button>
        </form>
      </Modal>
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
