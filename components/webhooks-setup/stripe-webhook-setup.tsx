"use client";

import { useState } from "react";
import { setupStripeWebhookAction } from "@/actions/webhooks/setup-stripe-webhook";
import { useActionForm } from "@/components/forms/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { STRIPE_DEFAULT_EVENTS, STRIPE_EVENT_CHOICES } from "@/lib/webhooks/setup/choices";
import { CredentialChoice, EventChoices, SetupOutcome } from "./setup-fields";

export interface StripeSetupCredential { id: string; name: string; inboundUrl: string | null; webhookSecret: string | null }

/**
 * One button that creates a webhook endpoint at Stripe, with a preview of exactly what it will
 * create: where Stripe will send, which events, and which stored secret the answer replaces.
 */
export function StripeWebhookSetup({ orgSlug, credentials, origin }: { orgSlug: string; credentials: StripeSetupCredential[]; origin: string }) {
  const [state, onSubmit, pending] = useActionForm(setupStripeWebhookAction);
  const [credentialId, setCredentialId] = useState(credentials[0]?.id ?? "");
  const [target, setTarget] = useState<"inbound" | "app">("inbound");
  const [appUrl, setAppUrl] = useState("");
  const [events, setEvents] = useState<string[]>([...STRIPE_DEFAULT_EVENTS]);
  const credential = credentials.find((c) => c.id === credentialId);
  const errors = state && !state.ok ? state.fieldErrors ?? {} : {};
  const destination = target === "app" ? appUrl || "your app's address" : credential?.inboundUrl ?? `a new Switchboard inbound endpoint (${origin}/api/hooks/…)`;

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate aria-labelledby="stripe-setup-title">
      <h3 id="stripe-setup-title" className="text-base font-medium text-white">Create the webhook endpoint at Stripe</h3>
      <input type="hidden" name="orgSlug" value={orgSlug} />
      <CredentialChoice credentials={credentials} value={credentialId} onChange={setCredentialId} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-fg">Stripe sends events to</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="target" value="inbound" checked={target === "inbound"} onChange={() => setTarget("inbound")} className="focus-ring accent-[#dc2626]" />
          A Switchboard inbound endpoint (listed under Settings, Inbound webhooks)
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="target" value="app" checked={target === "app"} onChange={() => setTarget("app")} className="focus-ring accent-[#dc2626]" />
          Your app
        </label>
      </fieldset>
      {target === "app" && (
        <Field label="Your app's webhook address" error={errors.appUrl?.[0]} required>
          <Input name="appUrl" type="url" placeholder="https://app.example.com/api/stripe/webhook" value={appUrl} onChange={(e) => setAppUrl(e.target.value)} />
        </Field>
      )}
      <EventChoices id="stripe" choices={STRIPE_EVENT_CHOICES} value={events} onChange={setEvents} error={errors.events?.[0]} className="mt-2 grid gap-1 sm:grid-cols-2" />
      <div className="rounded-lg border border-line p-3 text-sm text-fg-muted" data-preview="stripe-webhook">
        <p className="font-medium text-white">This creates, at Stripe, with this key:</p>
        <ul className="mt-1 list-disc space-y-1 pl-5">
          <li>a webhook endpoint to <span className="break-all text-white">{destination}</span></li>
          <li>for {events.length === 0 ? "no events (choose one)" : events.join(", ")}</li>
          <li>and stores the signing secret Stripe returns as this credential&apos;s webhook signing secret{credential?.webhookSecret ? ", replacing the one stored now" : ""}.</li>
        </ul>
        <p className="mt-1">If Stripe already has an endpoint for that address, nothing is created.</p>
      </div>
      <p className="text-sm text-fg-muted" data-webhook-secret={credential?.webhookSecret ? "stored" : "none"}>
        Webhook signing secret of “{credential?.name}”: <span className="text-white">{credential?.webhookSecret ?? "not stored yet"}</span>
      </p>
      <SetupOutcome state={state} />
      <Button type="submit" pending={pending} pendingLabel="Creating at Stripe" disabled={!credentialId}>Create webhook endpoint at Stripe</Button>
    </form>
  );
}
