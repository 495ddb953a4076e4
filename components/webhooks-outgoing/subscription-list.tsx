import { sendWebhookTestAction } from "@/actions/webhooks/send-webhook-test";
import { setWebhookEnabledAction } from "@/actions/webhooks/set-webhook-enabled";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { SubscriptionView } from "@/lib/webhooks/page-data";
import { ActionButton } from "./action-button";
import { AttemptList } from "./attempt-list";
import { DeleteSubscriptionButton } from "./delete-subscription-button";
import { ReplaySinceForm } from "./replay-since-form";
import { RotateSecretButton } from "./rotate-secret-button";

const day = (iso: string) => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** Each subscription as a glass card: where, what, its secret's fingerprint, state, controls and attempts. */
export function SubscriptionList({ orgSlug, subscriptions }: { orgSlug: string; subscriptions: SubscriptionView[] }) {
  return (
    <div className="space-y-6">
      {subscriptions.map((s) => {
        const ref = { orgSlug, subscriptionId: s.id };
        return (
          <GlassPanel key={s.id} depth={1} className="space-y-4 p-6" data-subscription={s.url}>
            <div className="flex flex-wrap items-start justify-between gap-3">
              <div className="min-w-0 space-y-1">
                <h2 className="break-all font-mono text-base text-white">{s.url}</h2>
                <p className="text-sm">
                  {s.disabledAt
                    ? <span className="font-medium text-error">Disabled: {s.disabledReason}</span>
                    : <span className="font-medium text-success">Enabled</span>}
                  {!s.disabledAt && s.failingSince && <span className="text-warning"> · failing since {day(s.failingSince)}</span>}
                  {s.pending > 0 && <span className="text-fg-muted"> · {s.pending} waiting</span>}
                </p>
                <p className="text-sm text-fg-muted">Events: {s.eventTypes.map((t) => <code key={t} className="mr-2 text-fg">{t}</code>)}</p>
                <p className="text-sm text-fg-muted">
                  Secret <code className="text-fg">whsec_{s.secretFingerprint}</code>
                  {s.previousFingerprint && s.previousExpiresAt && <> · the previous one (<code>whsec_{s.previousFingerprint}</code>) signs too until {day(s.previousExpiresAt)}</>}
                </p>
              </div>
              <div className="flex flex-wrap items-start gap-2">
                <ActionButton action={sendWebhookTestAction} fields={ref} label="Send test event" pendingLabel="Queuing" />
                <RotateSecretButton {...ref} />
                <ActionButton action={setWebhookEnabledAction} fields={{ ...ref, enabled: s.disabledAt ? "true" : "false" }}
                  label={s.disabledAt ? "Enable" : "Disable"} variant="outline" />
                <DeleteSubscriptionButton {...ref} url={s.url} />
              </div>
            </div>
            <ReplaySinceForm {...ref} />
            <div>
              <h3 className="text-sm font-medium text-fg">Recent attempts</h3>
              <AttemptList orgSlug={orgSlug} subscriptionId={s.id} attempts={s.attempts} />
            </div>
          </GlassPanel>
        );
      })}
    </div>
  );
}
