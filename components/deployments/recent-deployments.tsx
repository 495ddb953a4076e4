import Link from "next/link";
import type { DeploymentView } from "@/lib/deployments/read";
import { GlassPanel } from "@/components/ui/glass-panel";
import { DeploymentList } from "./deployment-list";

/** The integrations dashboard's strip: the last few deployments and their states, live. Nothing when there are none. */
export function RecentDeployments({ orgSlug, deployments }: { orgSlug: string; deployments: DeploymentView[] }) {
  if (deployments.length === 0) return null;
  return (
    <GlassPanel as="section" aria-labelledby="recent-deployments" depth={1} className="mb-8 p-0">
      <div className="flex items-center justify-between px-4 pt-3">
        <h2 id="recent-deployments" className="text-base font-semibold text-white">Recent deployments</h2>
        <Link href={`/${orgSlug}/deployments`} className="text-sm text-fg-muted hover:text-white focus-ring">All deployments</Link>
      </div>
      <DeploymentList orgSlug={orgSlug} deployments={deployments} compact />
    </GlassPanel>
  );
}
