"use client";

import { useActionState, useState } from "react";
import { createReconnectSessionAction } from "@/actions/oauth/create-reconnect-session";
import { disconnectOAuthAction } from "@/actions/oauth/disconnect-oauth";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { ConnectPhaseMessage } from "./connect-phase";
import { useConnectUI } from "./use-connect-ui";

interface Props { orgSlug: string; integrationId: string; name: string; providerName: string }

/** Reconnect (repair in place through Connect UI) and disconnect (at Nango, then here) for one OAuth connection. */
export function OAuthRowActions({ orgSlug, integrationId, name, providerName }: Props) {
  const { phase, connect } = useConnectUI(() => createReconnectSessionAction(null, { orgSlug, integrationId }), orgSlug, providerName);
  const toast = useToast();
  // The row leaves the page once disconnected, so success is told by a toast that outlives it.
  const [removed, disconnect, disconnecting] = useActionState(async (prev: Awaited<ReturnType<typeof disconnectOAuthAction>> | null, form: FormData) => {
    const result = await disconnectOAuthAction(prev, form);
    if (result.ok) toast({ title: `Disconnected ${providerName} ${name}`, text: result.message });
    return result;
  }, null);
  const [confirming, setConfirming] = useState(false);
  const busy = phase.kind === "starting" || phase.kind === "open" || phase.kind === "waiting";
  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={connect} pending={busy}>{phase.kind === "failed" ? "Try reconnecting again" : "Reconnect"}</Button>
        <Button size="sm" variant="outline" onClick={() => setConfirming(true)} disabled={busy}>Disconnect</Button>
      </div>
      <div aria-live="polite" className="max-w-sm text-sm sm:text-right">
        <ConnectPhaseMessage phase={phase} providerName={providerName} />
      </div>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Disconnect ${providerName} “${name}”?`}
        description="Switchboard deletes the connection at Nango, then here. Programs that get this token from Switchboard stop getting it."
      >
        <form action={disconnect} className="flex flex-wrap justify-end gap-2">
          <input type="hidden" name="orgSlug" value={orgSlug} />
          <input type="hidden" name="integrationId" value={integrationId} />
          {removed && !removed.ok && <p role="alert" className="w-full text-sm text-error">{removed.error}</p>}
          <Button variant="outline" onClick={() => setConfirming(false)}>Keep it</Button>
          <Button type="submit" variant="danger" pending={disconnecting}>Disconnect “{name}” for good</Button>
        </form>
      </Modal>
    </div>
  );
}
