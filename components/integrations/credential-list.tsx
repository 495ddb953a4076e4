import { MakeDefaultButton } from "@/components/settings/make-default-button";
import { StatusBadge } from "@/components/ui/status-badge";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { DefaultBadge } from "./default-badge";
import { lastCheckText } from "./last-check";

interface Props {
  rows: IntegrationRow[];
  /** Admins get Make default beside each credential that is not the default, where they see its status. */
  makeDefault?: { orgSlug: string; providerName: string };
}

/** Stored credentials of one provider: status, owner account and fingerprint, never the secret. */
export function CredentialList({ rows, makeDefault }: Props) {
  return (
    <GlassPanel depth={2} className="divide-y divide-line" as="section" aria-label="Stored credentials">
      {rows.map((r) => (
        <div key={r.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4" data-credential={r.name}>
          <StatusBadge status={r.status} />
          <div className="min-w-0 flex-1">
            <p className="font-medium text-white">
              {r.name}
              {/* The comma is for screen readers and copied text: "default, used by default". */}
              {r.isDefault && <><span className="sr-only">, </span><DefaultBadge className="ml-2" /></>}
            </p>
            <p className="truncate text-sm text-fg-muted">
              {[r.accountLabel, r.fingerprint && `key ${r.fingerprint}`].filter(Boolean).join(" · ")}
            </p>
          </div>
          <p className="text-sm text-fg-muted">{lastCheckText(r)}</p>
          {makeDefault && !r.isDefault && (
            <MakeDefaultButton orgSlug={makeDefault.orgSlug} provider={r.provider} providerName={makeDefault.providerName} integrationId={r.id} name={r.name} />
          )}
        </div>
      ))}
    </GlassPanel>
  );
}
