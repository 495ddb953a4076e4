"use client";

import Link from "next/link";
import { useState } from "react";
import { createInboundEndpointAction } from "@/actions/webhooks/create-inbound-endpoint";
import { CopyField } from "@/components/api-keys/copy-field";
import { useShownOnceForm } from "@/components/forms/use-shown-once-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlClasses, Field, Input } from "@/components/ui/input";
import { SCHEME_LABELS } from "./scheme-labels";

// Where Stripe shows a webhook endpoint's signing secret (the same page lib/providers/stripe.ts links to).
const STRIPE_WEBHOOKS_URL = "https://dashboard.stripe.com/webhooks";

export interface CredentialChoice { id: string; label: string; schemes: string[] }

/** Creates an endpoint for one credential; its URL, and a generated secret this once, are shown after. */
export function CreateEndpointForm({ orgSlug, credentials, fixedCredential }: { orgSlug: string; credentials: CredentialChoice[]; fixedCredential?: string }) {
  const { form, onSubmit, pending, created, error, errors } = useShownOnceForm(createInboundEndpointAction);
  const [credentialId, setCredentialId] = useState(fixedCredential ?? credentials[0]?.id ?? "");
  const schemes = credentials.find((c) => c.id === credentialId)?.schemes ?? [];
  const [scheme, setScheme] = useState(schemes[0] ?? "standard_webhooks");
  const shownScheme = schemes.includes(scheme) ? scheme : schemes[0];
  // Another credential starts on its own sender's scheme (Stripe-Signature for a Stripe key), not the last one picked.
  const choose = (id: string) => {
    setCredentialId(id);
    setScheme(credentials.find((c) => c.id === id)?.schemes[0] ?? "standard_webhooks");
  };

  return (
    <div className="space-y-6">
      {created && (
        <Alert tone={created.secret ? "warning" : "success"} title={created.secret ? `Copy the signing secret of ${created.name} now: it is shown only this once.` : `Created ${created.name}.`}>
          <div className="space-y-3">
            <CopyField label="Endpoint URL" value={created.url} />
            {created.secret ? (
              <CopyField label="Signing secret" value={created.secret} />
            ) : (
              // The secret is the one Stripe shows for its endpoint (Workbench, Webhooks), not anything
              // on the API keys page, so the link goes there.
              <p>
                Stripe signs with its endpoint&apos;s own signing secret (whsec_…). Add this URL as an endpoint in{" "}
                <a href={STRIPE_WEBHOOKS_URL} target="_blank" rel="noopener noreferrer" className="text-white underline underline-offset-4 focus-ring rounded">
                  Stripe&apos;s Workbench, Webhooks<span className="sr-only"> (opens in a new window)</span>
                </a>
                , reveal its signing secret there, and paste it as the credential&apos;s webhook signing secret on{" "}
                <Link href={`/${orgSlug}/integrations/stripe`} className="text-white underline underline-offset-4 focus-ring rounded">the Stripe page</Link>.
                Or create the endpoint at Stripe from that page, which stores the secret for you.
              </p>
            )}
          </div>
        </Alert>
      )}
      <form ref={form} method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
        <h2 className="text-lg font-medium text-white">Add an inbound endpoint</h2>
        <input type="hidden" name="orgSlug" value={orgSlug} />
        {fixedCredential ? (
          <input type="hidden" name="integrationId" value={fixedCredential} />
        ) : (
          <Field label="Credential" error={errors.integrationId?.[0]} hint="The sender's account: deliveries are listed with it." required>
            <select name="integrationId" value={credentialId} onChange={(e) => choose(e.target.value)} className={controlClasses}>
              {credentials.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </Field>
        )}
        <Field label="Signed with" error={errors.scheme?.[0]} required>
          <select name="scheme" value={shownScheme} onChange={(e) => setScheme(e.target.value)} className={controlClasses}>
            {schemes.map((s) => <option key={s} value={s}>{SCHEME_LABELS[s]}</option>)}
          </select>
        </Field>
        <Field label="Name" error={errors.name?.[0]} hint="What sends to it, e.g. Stripe live events." required>
          <Input name="name" autoComplete="off" maxLength={80} />
        </Field>
        {shownScheme === "hmac_sha256" && (
          <>
            <Field label="Signature header" error={errors.signatureHeader?.[0]} hint="Hex or base64 of HMAC-SHA256(secret, body); a sha256= prefix is accepted." required>
              <Input name="signatureHeader" autoComplete="off" placeholder="x-signature" maxLength={64} />
            </Field>
            <Field label="Encoding" error={errors.signatureEncoding?.[0]} required>
              <select name="signatureEncoding" defaultValue="hex" className={controlClasses}>
                <option value="hex">hex</option>
                <option value="base64">base64</option>
              </select>
            </Field>
            <Field label="Delivery id header (optional)" error={errors.idHeader?.[0]} hint="Retries with the same id are stored once; without one, identical bodies are.">
              <Input name="idHeader" autoComplete="off" placeholder="x-delivery-id" maxLength={64} />
            </Field>
          </>
        )}
        <div aria-live="polite">{error && <Alert tone="error">{error}</Alert>}</div>
        <Button type="submit" pending={pending} pendingLabel="Creating" disabled={!credentialId}>Create endpoint</Button>
      </form>
    </div>
  );
}
