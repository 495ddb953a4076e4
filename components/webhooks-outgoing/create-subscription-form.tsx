"use client";

import { createWebhookSubscriptionAction } from "@/actions/webhooks/create-webhook-subscription";
import { CopyField } from "@/components/api-keys/copy-field";
import { useShownOnceForm } from "@/components/forms/use-shown-once-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/types";

const TYPES = Object.entries(WEBHOOK_EVENT_TYPES) as [WebhookEventType, string][];

/** Adds a subscription; the signing secret appears here once, with a copy button, and never again. */
export function CreateSubscriptionForm({ orgSlug }: { orgSlug: string }) {
  const { form, onSubmit, pending, created, error, errors } = useShownOnceForm(createWebhookSubscriptionAction);
  return (
    <div className="space-y-6">
      {created && <ShownOnceSecret secret={created.secret} />}
      <form ref={form} method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="text-lg font-medium text-white">Add a subscription</h2>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        <Field label="Receiver URL" error={errors.url?.[0]} hint="An https:// address on the public internet. Switchboard POSTs each event there as JSON." required>
          <Input name="url" type="url" inputMode="url" autoComplete="off" placeholder="https://example.com/webhooks/switchboard" maxLength={2000} />
        </Field>
        <fieldset aria-describedby={errors.eventTypes ? "event-types-error" : undefined}>
          <legend className="text-sm font-medium text-fg">Event types</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {TYPES.map(([type, help]) => (
              <label key={type} className="flex items-start gap-3 text-sm">
                <input type="checkbox" name={`event.${type}`} className="focus-ring mt-1 accent-[#dc2626]" />
                <span><code className="text-white">{type}</code> <span className="block text-fg-muted">{help}</span></span>
              </label>
            ))}
          </div>
          {errors.eventTypes && <p id="event-types-error" role="alert" className="mt-2 text-sm text-error">{errors.eventTypes[0]}</p>}
        </fieldset>
        <div aria-live="polite">{error && !errors.url && <Alert tone="error">{error}</Alert>}</div>
        <Button type="submit" pending={pending} pendingLabel="Adding">Add subscription</Button>
      </form>
    </div>
  );
}

export function ShownOnceSecret({ secret }: { secret: string }) {
  return (
    <Alert tone="warning" title="Copy the signing secret now: it is shown only this once.">
      <p className="mb-3">Your receiver verifies each delivery with it (Standard Webhooks). Switchboard keeps it sealed and cannot show it again; rotate it if it is lost.</p>
      <CopyField label="Signing secret" value={secret} />
    </Alert>
  );
}
