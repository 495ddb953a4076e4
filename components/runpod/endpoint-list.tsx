import Link from "next/link";
import { GlassPanel } from "@/components/ui/glass-panel";
import type { Deployment } from "@/lib/deployments/types";
import { DeleteEndpointButton } from "./delete-endpoint-button";

const STATE_WORD: Record<Deployment["state"], string> = { queued: "Queued", building: "Starting", ready: "Ready", error: "Failed", canceled: "Canceled" };
// A shape per state as well as a colour: filled for ready, hollow while starting, a bar when failed.
const STATE_MARK: Record<Deployment["state"], string> = {
  queued: "border-2 border-fg-muted", building: "border-2 border-warning", ready: "bg-success", error: "bg-error rounded-none", canceled: "bg-fg-faint rounded-none",
};

/** The org's RunPod endpoints, newest first: state as a word and a mark, workers, GPU, delete for admins; each name opens its live deployment page. */
export function EndpointList({ orgSlug, endpoints, canDelete }: { orgSlug: string; endpoints: Deployment[]; canDelete: boolean }) {
  if (endpoints.length === 0) return null;
  return (
    <GlassPanel as="section" aria-labelledby="endpoints-title" className="p-5 sm:p-6">
      <h2 id="endpoints-title" className="text-lg font-medium text-white">Endpoints</h2>
      <ul className="mt-3 divide-y divide-line">
        {endpoints.map((d) => {
          const ref = d.providerRef as { endpointId?: string; gpuTypeId?: string; workersMin?: number; workersMax?: number; deletedAt?: string };
          return (
            <li key={d.id} data-endpoint={d.name} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
              <span className="inline-flex min-w-28 items-center gap-2 text-sm" data-state={d.state}>
                <span aria-hidden="true" className={`inline-block size-2.5 rounded-full ${STATE_MARK[d.state]}`} />
                <span className="text-white">{STATE_WORD[d.state]}</span>
                {d.providerState && <span className="text-fg-muted">({d.providerState})</span>}
              </span>
              {/* At least 12rem before it wraps below the state: flex-1 alone (basis 0) squeezed it to a letter a line on a phone. */}
              <span className="min-w-48 flex-1 break-words">
                <Link href={`/${orgSlug}/deployments/${d.id}`} className="font-medium text-white">{d.name}</Link>
                <span className="block text-xs text-fg-muted">
                  {ref.gpuTypeId} · workers {ref.workersMin}–{ref.workersMax} · {ref.endpointId}
                  {d.credentials.length > 0 && <> · env from {d.credentials.map((c) => `${c.provider}/${c.name}`).join(", ")}</>}
                </span>
                {d.error && <span className="block text-xs text-error">{d.error}</span>}
              </span>
              {canDelete && !ref.deletedAt && <DeleteEndpointButton orgSlug={orgSlug} deploymentId={d.id} name={d.name} />}
            </li>
          );
        })}
      </ul>
    </GlassPanel>
  );
}
