import { MakeDefaultButton } from "@/components/settings/make-default-button";
import { StatusBadge } from "@/components/ui/status-badge";
import { GlassPanel } from "@/components/ui/glass-panel";
import { cn } from "@/components/ui/cn";
import type { IntegrationRow } from "@/lib/integrations/queries";
import { DefaultBadge } from "./default-badge";
import { lastCheckText } from "./last-check";

interface Props {
  rows: IntegrationRow[];
  /** Admins get Make default beside each credential that is not the default, where they see its status. */
  makeDefault?: { orgSlug: string; providerName: string };
}

/**
 * Stored credentials of one provider: status, owner account and fingerprint, never the secret.
 * One grid for the panel, each row a subgrid of it, so the columns (status, name, last check,
 * Make default) line up from row to row and Make default keeps a column of its own: in a wrapping
 * flex row it fell onto a line by itself, away from the credential it belongs to. On a phone the
 * name, the last check and Make default stack in the name's column, beside the status.
 */
export function CredentialList({ rows, makeDefault }: Props) {
  return (
    <GlassPanel
      depth={2}
      className={cn(
        "grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 divide-y divide-line sm:gap-x-6",
        // The last check can be a long sentence: it gets a share of the width, not all it asks for.
        makeDefault ? "sm:grid-cols-[auto_minmax(0,3fr)_minmax(0,2fr)_auto]" : "sm:grid-cols-[auto_minmax(0,3fr)_minmax(0,2fr)]",
      )}
      as="section"
      aria-label="Stored credentials"
    >
      {rows.map((r) => (
        <div key={r.id} className="col-span-full grid grid-cols-subgrid items-center gap-y-2 p-4" data-credential={r.name}>
          <StatusBadge status={r.status} className="justify-self-start" />
          <div className="min-w-0 max-sm:col-start-2">
            <p className="font-medium text-white [overflow-wrap:anywhere]">
              {r.name}
              {/* The comma is for screen readers and copied text: "default, used by default". */}
              {r.isDefault && <><span className="sr-only">, </span><DefaultBadge className="ml-2" /></>}
            </p>
            <p className="truncate text-sm text-fg-muted">
              {[r.accountLabel, r.fingerprint && `key ${r.fingerprint}`].filter(Boolean).join(" · ")}
            </p>
          </div>
          <p className="text-sm text-fg-muted max-sm:col-start-2">{lastCheckText(r)}</p>
          {makeDefault && !r.isDefault && (
            <div className="justify-self-start max-sm:col-start-2 sm:justify-self-end">
              <MakeDefaultButton orgSlug={makeDefault.orgSlug} provider={r.provider} providerName={makeDefault.providerName} integrationId={r.id} name={r.name} />
            </div>
          )}
        </div>
      ))}
    </GlassPanel>
  );
}
