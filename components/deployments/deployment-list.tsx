import Link from "next/link";
import type { DeploymentView } from "@/lib/deployments/read";
import { formatWhen } from "@/lib/format";
import { DeploymentStateBadge } from "./deployment-state";

const KIND = { vercel: "Vercel", runpod: "RunPod" } as const;

/** The org's deployments, newest first, each a link to its live page. Server-compatible. */
export function DeploymentList({ orgSlug, deployments, compact = false }: { orgSlug: string; deployments: DeploymentView[]; compact?: boolean }) {
  return (
    <ul className="divide-y divide-line" aria-label="Deployments">
      {deployments.map((d) => (
        <li key={d.id}>
          <Link href={`/${orgSlug}/deployments/${d.id}`} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 no-underline hover:bg-white/5 focus-ring">
            <span className="min-w-32 font-medium text-white">{d.name}</span>
            <DeploymentStateBadge state={d.state} providerState={compact ? null : d.providerState} />
            <span className="text-sm text-fg-muted">{KIND[d.kind]}{d.target ? ` · ${d.target}` : ""}{d.ref ? ` · ${d.ref}` : ""}</span>
            <span className="ml-auto text-sm text-fg-muted">{formatWhen(d.createdAt)}{!compact && d.startedBy ? ` · ${d.startedBy}` : ""}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
