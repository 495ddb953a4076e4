"use client";

import { useActionState } from "react";
import { setDefaultIntegrationAction } from "@/actions/integrations/set-default-integration";
import { Button } from "@/components/ui/button";

interface Props { orgSlug: string; provider: string; providerName: string; integrationId: string; name: string }

/** Makes this credential its provider's default; the server switches the old one off in the same step. */
export function MakeDefaultButton({ orgSlug, provider, providerName, integrationId, name }: Props) {
  const [state, act, pending] = useActionState(setDefaultIntegrationAction, null);
  return (
    <form action={act} className="flex flex-col items-end gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="integrationId" value={integrationId} />
      <Button type="submit" size="sm" variant="secondary" pending={pending} aria-label={`Make ${name} the default ${providerName} credential`}>
        Make default
      </Button>
      {state && !state.ok && <p role="alert" className="max-w-xs text-right text-sm text-error">{state.error}</p>}
    </form>
  );
}
