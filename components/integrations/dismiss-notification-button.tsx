"use client";

import { useActionState } from "react";
import { dismissNotificationAction } from "@/actions/integrations/dismiss-notification";
import { Button } from "@/components/ui/button";

/** Closes one notification for everyone in the org; the page re-renders without it. */
export function DismissNotificationButton({ orgSlug, notificationId, label }: { orgSlug: string; notificationId: string; label: string }) {
  const [state, act, pending] = useActionState(dismissNotificationAction, null);
  return (
    <form action={act} className="flex flex-col items-end gap-1">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="notificationId" value={notificationId} />
      <Button type="submit" size="sm" variant="outline" pending={pending} aria-label={`Dismiss: ${label}`}>Dismiss</Button>
      {state && !state.ok && <p role="alert" className="text-sm text-error">{state.error}</p>}
    </form>
  );
}
