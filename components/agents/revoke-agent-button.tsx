"use client";

import { revokeAgentAction } from "@/actions/agents/revoke-agent";
import { RevokeButton } from "@/components/forms/revoke-button";

/** Revoke, with one confirmation in a dialog: the agent's next call is refused, on every instance. */
export function RevokeAgentButton({ orgSlug, agentId, name }: { orgSlug: string; agentId: string; name: string }) {
  return (
    <RevokeButton orgSlug={orgSlug} fields={{ agentId }} action={revokeAgentAction} label={`Revoke ${name}`} confirm={`Revoke ${name} now`}
      title={`Revoke agent ${name}?`} description="Its token stops working on its next call, and its grants with it. This cannot be undone."
      done={{ title: `Revoked agent ${name}`, text: "Its calls are refused from now on." }} />
  );
}
