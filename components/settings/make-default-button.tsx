"use client";

import { useActionState } from "react";
import { setDefaultIntegrationAction } from "@/actions/integrations/set-default-integration";
import { Button } from "@/components/ui/button";

interface Props { orgSlug: string; provider: string; providerName: string; integrationId: string; name: string }

/**
 * Makes this credential its provider's default; the server switches the old one off in the same step.
 * Its name begins with the words it shows ("Make default: OpenAI “backup”"), so a person who says
 * what they see (voice control) reaches it, and a screen reader hears which credential it is for.
 */
export function MakeDefaultButton({ orgSlug, provider, providerName, integrationId, name }: Props) {
  const [state, act, pending] = useActionState(setDefaultIntegrationAction, null);
  return (
    // As wide as the button (w-fit) and aligned at its start: the form is dropped into a full-width
    // column on the settings page, where items-end had floated the button away from its row's text.
    <form action={act} className="flex w-fit flex-col items-start gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="provider" value={provider} />
      <input type="hidden" name="integrationId" value={integrationId} />
      <Button type="submit" size="sm" variant="secondary" pending={pending} aria-label={`Make default: ${providerName} “${name}”`}>
        Make default
      </Button>
      {state && !state.ok && <p role="alert" className="max-w-xs text-sm text-error">{state.error}</p>}
    </form>
  );
}
