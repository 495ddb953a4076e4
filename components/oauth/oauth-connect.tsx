"use client";

import { useState, useSyncExternalStore } from "react";
import { createConnectSessionAction } from "@/actions/oauth/create-connect-session";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";
import { nangoNotConfiguredMessage } from "@/lib/oauth/messages";
import { ConnectPhaseMessage } from "./connect-phase";
import { useConnectUI } from "./use-connect-ui";

interface Props {
  orgSlug: string;
  providerId: string;
  providerName: string;
  /** The Nango integration id, named in the "not configured" explanation. */
  integration: string;
  /** False when the server has no NANGO_SECRET_KEY: the button then explains what to set. */
  configured: boolean;
  hasDefault: boolean;
  /** The provider also takes a pasted key (the form below), a way on while OAuth is off. */
  hasKeyFields: boolean;
}

const noop = () => () => {};

/** "Connect with X": a Nango Connect UI flow whose outcome arrives through Nango's webhook. */
export function OAuthConnect({ orgSlug, providerId, providerName, integration, configured, hasDefault, hasKeyFields }: Props) {
  const suggested = hasDefault ? "oauth" : "default";
  const [name, setName] = useState(suggested);
  // A connection made here refreshes the page with hasDefault now true: the name just used is taken,
  // so an untouched suggestion moves on with it (adjusting state during render, not in an effect).
  const [lastSuggested, setLastSuggested] = useState(suggested);
  if (suggested !== lastSuggested) {
    setLastSuggested(suggested);
    if (name === lastSuggested) setName(suggested);
  }
  const { phase, connect } = useConnectUI(
    () => createConnectSessionAction(null, { orgSlug, provider: providerId, name }),
    orgSlug, providerName,
  );
  // The browser's origin is the one the operator uses, so the webhook URL shown can be pasted as-is.
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => "");
  const busy = phase.kind === "starting" || phase.kind === "open" || phase.kind === "waiting";

  return (
    <section aria-labelledby="oauth-title" className="space-y-4" data-oauth={providerId}>
      <h2 id="oauth-title" className="text-lg font-medium text-white">Connect with OAuth</h2>
      <p className="text-sm text-fg-muted">
        Sign in to {providerName} through Nango. Nango keeps and refreshes the tokens; Switchboard fetches one only when it is used.
      </p>
      {configured ? (
        <Field label="Credential name" hint="Tell several connections apart, e.g. production or staging.">
          <Input value={name} onChange={(e) => setName(e.target.value)} disabled={busy} autoComplete="off" />
        </Field>
      ) : (
        <Alert tone="info" title="OAuth is not set up on this server">
          <p>Ask whoever runs this Switchboard to turn it on{hasKeyFields ? ", or paste a key below instead" : ""}.</p>
          {/* The operator's steps, folded away: most people reading this cannot act on them. */}
          <details className="mt-2">
            <summary className="focus-ring w-fit cursor-pointer rounded">How to turn it on</summary>
            <p className="mt-2 [overflow-wrap:anywhere]">{nangoNotConfiguredMessage(origin, integration)}</p>
          </details>
        </Alert>
      )}
      <div aria-live="polite" className="space-y-3">
        <ConnectPhaseMessage phase={phase} providerName={providerName} />
      </div>
      <Button onClick={connect} disabled={!configured} pending={busy} attention={configured && phase.kind === "idle"}>
        {phase.kind === "failed" ? "Try again" : `Connect with ${providerName}`}
      </Button>
    </section>
  );
}
