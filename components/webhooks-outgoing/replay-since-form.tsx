"use client";

import { replayWebhooksSinceAction } from "@/actions/webhooks/replay-webhooks-since";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { controlClasses } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";

const WINDOWS = [["1h", "the last hour"], ["6h", "the last 6 hours"], ["24h", "the last 24 hours"], ["3d", "the last 3 days"], ["7d", "the last 7 days"]] as const;

/** Replays every delivery of the subscription from a chosen time on, e.g. after the receiver was down. */
export function ReplaySinceForm({ orgSlug, subscriptionId }: { orgSlug: string; subscriptionId: string }) {
  const toast = useToast();
  const [state, onSubmit, pending] = useActionForm(replayWebhooksSinceAction, { onSuccess: (s) => s.ok && toast({ title: s.message ?? "Queued again." }) });
  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <label className="text-sm text-fg-muted" htmlFor={`replay-${subscriptionId}`}>Send again everything from</label>
      {/* The control classes make a select full width: the wrapper keeps this one to its words. */}
      <div className="w-48">
        <select id={`replay-${subscriptionId}`} name="window" defaultValue="24h" className={`${controlClasses} min-h-8 py-1`}>
          {WINDOWS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      <Button type="submit" size="sm" variant="secondary" pending={pending}>Replay</Button>
      {state && !state.ok && <p role="alert" className="w-full text-sm text-error">{state.error}</p>}
    </form>
  );
}
