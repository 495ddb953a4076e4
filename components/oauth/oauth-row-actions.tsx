"use client";

import { useActionState, useState } from "react";
import { createReconnectSessionAction } from "@/actions/oauth/create-reconnect-session";
import { disconnectOAuthAction } from "@/actions/oauth/disconnect-oauth";
import { Button } from "@/components/ui/button";
import { ConnectPhaseMessage } from "./connect-phase";
import { useConnectUI } from "./use-connect-ui";

interface Props { orgSlug: string; integrationId: string; name: string; providerName: string }

/** Reconnect (repair in place through Connect UI) and disconnect (at Nango, then here) for one OAuth connection. */
export function OAuthRowActions({ orgSlug, integrationId, name, providerName }: Props) {
  const { phase, connect } = useConnectUI(() => createReconnectSessionAction(null, { orgSlug, integrationId }), orgSlug, providerName);
  const [removed, disconnect, disconnecting] = useActionState(disconnectOAuthAction, null);
  const [confirming, setConfirming] = useState(false);
  const busy = phase.kind === "starting" || phase.kind === "open" || phase.kind === "waiting";
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={connect} pending={busy}>{phase.kind === "failed" ? "Try reconnecting again" : "Reconnect"}</Button>
        {confirming ? (
          <form action={disconnect} className="flex gap-2">
            <input type="hidden" name="orgSlug" value={orgSlug} />
            <input type="hidden" name="integrationId" value={integrationId} />
            <Button type="submit" size="sm" variant="danger" pending={disconnecting}>Disconnect {name} for good</Button>
            <Button size="sm" variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          </form>
        ) : (
          <Button size="sm" variant="outline" onClick={() => setConfirming(true)} disabled={busy}>Disconnect</Button>
        )}
      </div>
      <div aria-live="polite" className="max-w-sm text-right text-sm">
        {removed ? <p className={removed.ok ? "text-fg-muted" : "text-error"}>{removed.ok ? removed.message : removed.error}</p> : <ConnectPhaseMessage phase={phase} providerName={providerName} />}
      </div>
    </div>
  );
}
