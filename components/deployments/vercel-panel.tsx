"use client";

import { useState } from "react";
import type { VercelProject } from "@/lib/deployments/vercel/account";
import { GlassPanel } from "@/components/ui/glass-panel";
import { DeployForm } from "./deploy-form";
import { EnvSyncPanel } from "./env-sync-panel";

/** The admin's Vercel controls: pick one of the token's projects, sync its env, deploy it. */
export function VercelPanel({ orgSlug, projects, credentialName, teamId }: { orgSlug: string; projects: VercelProject[]; credentialName: string; teamId: string | null }) {
  const [projectId, setProjectId] = useState(projects[0]?.id ?? "");
  const project = projects.find((p) => p.id === projectId);
  return (
    <GlassPanel as="section" aria-labelledby="vercel-title" className="space-y-6 p-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="vercel-title" className="text-xl font-semibold text-white">Vercel</h2>
          <p className="text-sm text-fg-muted">With the credential “{credentialName}”{teamId ? `, in team ${teamId}` : ", in its personal account"}.</p>
        </div>
        <label className="flex flex-col gap-1 text-sm text-fg-muted">
          Project
          <select value={projectId} onChange={(e) => setProjectId(e.target.value)} className="min-h-10 min-w-48 rounded-[10px] border border-line-strong bg-surface-1 px-3 text-sm text-white focus-ring">
            {projects.map((p) => <option key={p.id} value={p.id}>{p.name}{p.repo ? ` (${p.repo.slug})` : ""}</option>)}
          </select>
        </label>
      </div>
      {project && (
        // One above the other at full width: the diff's names and reasons need the room of a whole row.
        <div className="space-y-8 divide-y divide-line [&>*+*]:pt-8">
          <EnvSyncPanel key={`env-${project.id}`} orgSlug={orgSlug} projectId={project.id} />
          <DeployForm key={`deploy-${project.id}`} orgSlug={orgSlug} project={project} />
        </div>
      )}
    </GlassPanel>
  );
}
