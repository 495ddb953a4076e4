import { OAuthRowActions } from "@/components/oauth/oauth-row-actions";
import { DefaultBadge } from "@/components/integrations/default-badge";
import { lastCheckText } from "@/components/integrations/last-check";
import { StatusBadge } from "@/components/ui/status-badge";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { CredentialActions } from "./credential-actions";
import { MakeDefaultButton } from "./make-default-button";
import { RenameCredential } from "./rename-credential";

/** `note`: on the default's row, that it is not Valid while another credential is (provider-status.ts). */
export function SettingsCredentialRow({ orgSlug, row, providerName, canEdit, note = null }: {
  orgSlug: string; row: IntegrationRow; providerName: string; canEdit: boolean; note?: string | null;
}) {
  return (
    <div className="flex flex-col gap-4 p-4 sm:flex-row sm:items-center sm:gap-6" data-credential={`${row.provider}:${row.name}`}>
      <div className="flex min-w-0 flex-1 items-start gap-4">
        <StatusBadge status={row.status} />
        <div className="min-w-0 flex-1">
          {canEdit ? (
            <RenameCredential orgSlug={orgSlug} provider={row.provider} providerName={providerName} integrationId={row.id} name={row.name} />
          ) : (
            <p className="font-medium text-white [overflow-wrap:anywhere]">{providerName} · {row.name}</p>
          )}
          {row.isDefault ? (
            <p className="mt-1"><DefaultBadge /></p>
          ) : (
            canEdit && <div className="mt-1"><MakeDefaultButton orgSlug={orgSlug} provider={row.provider} providerName={providerName} integrationId={row.id} name={row.name} /></div>
          )}
          <p className="truncate text-sm text-fg-muted">
            {[row.accountLabel, row.fingerprint && `key ${row.fingerprint}`].filter(Boolean).join(" · ")}
          </p>
          <p className="text-sm text-fg-muted">{lastCheckText(row)}</p>
          {note && <p className="text-sm text-fg" data-other-valid>{note}</p>}
        </div>
      </div>
      {/* An OAuth row has no sealed key to re-check or delete here: it is repaired or removed at Nango. */}
      {canEdit && row.authType === "oauth" && <OAuthRowActions orgSlug={orgSlug} integrationId={row.id} name={row.name} providerName={providerName} />}
      {canEdit && row.authType !== "oauth" && <CredentialActions orgSlug={orgSlug} provider={row.provider} providerName={providerName} integrationId={row.id} name={row.name} />}
    </div>
  );
}
