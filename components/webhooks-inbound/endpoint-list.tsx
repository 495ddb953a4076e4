import { CopyField } from "@/components/api-keys/copy-field";
import { GlassPanel } from "@/components/ui/glass-panel";
import { CheckIcon, CrossIcon } from "@/components/ui/icons";
import { DeleteEndpointButton } from "./delete-endpoint-button";
import { REFUSAL_LABELS, SCHEME_LABELS } from "./scheme-labels";

export interface EndpointView {
  id: string;
  name: string;
  scheme: string;
  url: string;
  credentialLabel: string;
  deliveries: {
    id: string;
    verified: boolean;
    eventType: string | null;
    externalId: string | null;
    refusal: string | null;
    refusalDetail: string | null;
    bodyBytes: number;
    receivedAt: string;
  }[];
}

/** Each endpoint with its URL to copy, and its latest deliveries: verified, or refused and why. */
export function EndpointList({ orgSlug, endpoints }: { orgSlug: string; endpoints: EndpointView[] }) {
  return (
    <div className="space-y-6">
      {endpoints.map((e) => (
        <GlassPanel key={e.id} depth={1} className="space-y-4 p-6" data-endpoint={e.name}>
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <h2 className="text-lg font-medium text-white">{e.name}</h2>
              <p className="text-sm text-fg-muted">{SCHEME_LABELS[e.scheme] ?? e.scheme}, for {e.credentialLabel}</p>
            </div>
            <DeleteEndpointButton orgSlug={orgSlug} endpointId={e.id} name={e.name} />
          </div>
          <CopyField label={`URL of ${e.name}`} value={e.url} />
          <div>
            <h3 className="text-sm font-medium text-fg">Recent deliveries</h3>
            {e.deliveries.length === 0 ? (
              <p className="mt-2 text-sm text-fg-muted">None yet. Point the sender at the URL above.</p>
            ) : (
              <ul className="mt-2 divide-y divide-white/5 text-sm">
                {e.deliveries.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2" data-delivery={d.verified ? "verified" : "refused"}>
                    <span className={`inline-flex items-center gap-1 font-medium ${d.verified ? "text-success" : "text-error"}`}>
                      {d.verified ? <CheckIcon size={12} /> : <CrossIcon size={12} />}
                      {d.verified ? "Verified" : `Refused: ${REFUSAL_LABELS[d.refusal ?? ""] ?? d.refusal}`}
                    </span>
                    {d.verified && <code className="text-white">{d.eventType}</code>}
                    {d.verified && d.externalId && <code className="break-all text-xs text-fg-muted">{d.externalId}</code>}
                    {!d.verified && d.refusalDetail && <span className="text-fg-muted">{d.refusalDetail}</span>}
                    <span className="ml-auto text-xs text-fg-muted"><time dateTime={d.receivedAt}>{d.receivedAt.replace("T", " ").slice(0, 19)} UTC</time>, {d.bodyBytes.toLocaleString("en")} bytes</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </GlassPanel>
      ))}
    </div>
  );
}
