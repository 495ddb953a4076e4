"use client";

import { revokeApiKeyAction } from "@/actions/api-keys/revoke-api-key";
import { RevokeButton } from "@/components/forms/revoke-button";

/** Revoke, with one confirmation in a dialog: programs using the key stop working at once. */
export function RevokeApiKeyButton({ orgSlug, keyId, name }: { orgSlug: string; keyId: string; name: string }) {
  return (
    <RevokeButton orgSlug={orgSlug} fields={{ keyId }} action={revokeApiKeyAction} label={`Revoke ${name}`} confirm={`Revoke ${name} now`}
      title={`Revoke API key ${name}?`} description="Every program that uses this key gets 401 from its next request. This cannot be undone."
      done={{ title: `Revoked API key ${name}`, text: "Requests with it are refused from now on." }} />
  );
}
