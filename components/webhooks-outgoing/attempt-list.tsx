import { replayWebhookDeliveryAction } from "@/actions/webhooks/replay-webhook-delivery";
import { CheckIcon, CrossIcon } from "@/components/ui/icons";
import type { AttemptView } from "@/lib/webhooks/page-data";
import { ActionButton } from "./action-button";

const when = (iso: string) => `${iso.replace("T", " ").slice(0, 19)} UTC`;

function outcome(a: AttemptView): { ok: boolean; text: string } {
  if (a.status !== null && a.status >= 200 && a.status < 300) return { ok: true, text: `HTTP ${a.status}` };
  if (a.status !== null) return { ok: false, text: `HTTP ${a.status}` };
  return { ok: false, text: a.error ?? "No answer" };
}

/** The latest attempts, newest first: status, latency, the answer's first bytes, and a replay per delivery. */
export function AttemptList({ orgSlug, subscriptionId, attempts }: { orgSlug: string; subscriptionId: string; attempts: AttemptView[] }) {
  if (attempts.length === 0) return <p className="mt-2 text-sm text-fg-muted">No attempts yet. Send a test event to try the receiver.</p>;
  return (
    <ul className="mt-2 divide-y divide-white/5 text-sm" aria-label="Attempts">
      {attempts.map((a) => {
        const o = outcome(a);
        return (
          <li key={a.id} className="space-y-1 py-2" data-attempt={o.ok ? "delivered" : "failed"} data-event-type={a.eventType}>
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className={`inline-flex items-center gap-1 font-medium ${o.ok ? "text-success" : "text-error"}`}>
                {o.ok ? <CheckIcon size={12} /> : <CrossIcon size={12} />}
                {o.ok ? "Delivered" : "Failed"}: {o.text}
              </span>
              <code className="text-white">{a.eventType}</code>
              <span className="text-xs text-fg-muted">{a.latencyMs.toLocaleString("en")} ms</span>
              <span className="ml-auto text-xs text-fg-muted"><time dateTime={a.attemptedAt}>{when(a.attemptedAt)}</time></span>
            </div>
            {a.excerpt && <pre className="max-h-20 overflow-hidden whitespace-pre-wrap break-all rounded-lg bg-black/40 p-2 font-mono text-xs text-fg-muted">{a.excerpt}</pre>}
            <div className="flex flex-wrap items-center gap-3">
              {a.nextAttemptAt && <span className="text-xs text-fg-muted">Next try <time dateTime={a.nextAttemptAt}>{when(a.nextAttemptAt)}</time></span>}
              <code className="text-xs text-fg-muted">webhook-id {a.deliveryId}</code>
              <ActionButton action={replayWebhookDeliveryAction} fields={{ orgSlug, subscriptionId, deliveryId: a.deliveryId }} label="Replay" variant="outline"
                ariaLabel={`Replay delivery ${a.deliveryId}`} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
