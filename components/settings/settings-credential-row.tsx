import { StatusBadge } from "@/components/ui/status-badge";
import { formatWhen } from "@/lib/format";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { CredentialActions } from "./credential-actions";

export function SettingsCredentialRow({ orgSlug, row, providerName, canEdit }: { orgSlug: string; row: IntegrationRow; providerName: string; canEdit: boolean }) {
  return (
    <div className="flex flex-wrap items-center gap-x-6 gap-y-3 p-4" data-credential={`${row.provider}:${row.name}`}>
      <StatusBadge status={row.status} />
      <div className="min-w-0 flex-1">
        <p className="font-medium text-white">{providerName} · {row.name}</p>
        <p className="truncate text-sm text-fg-muted">
          {[row.accountLabel, row.fingerprint && `key ${row.fingerprint}`].filter(Boolean).join(" · ")}
        </p>
        <p className="text-sm text-fg-muted">
          {row.lastCheckedAt ? `Last checked ${formatWhen(row.lastCheckedAt)}: ${row.checkOutcome?.replaceAll("_", " ")}` : "Never checked"}
          {row.checkReason && row.checkOutcome !== "valid" ? ` (${row.checkReason})` : ""}
        </p>
      </div>
      {canEdit && <CredentialActions orgSlug={orgSlug} provider={row.provider} integrationId={row.id} name={row.name} />}
    </div>
  );
}
