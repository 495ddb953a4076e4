"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { startDeploymentAction } from "@/actions/deployments/start-deployment";
import type { VercelProject } from "@/lib/deployments/vercel/account";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/input";

/** Redeploy the project's latest production deployment, or deploy its repository at a ref; then follow it live. */
export function DeployForm({ orgSlug, project }: { orgSlug: string; project: VercelProject }) {
  const router = useRouter();
  const [mode, setMode] = useState<"redeploy" | "git">(project.repo ? "git" : "redeploy");
  // Neither a repository to build nor a ready production deployment to rebuild: say so before a click.
  const nothing = !project.repo && !project.productionReady;
  const [ref, setRef] = useState(project.repo?.productionBranch ?? "main");
  const [target, setTarget] = useState<"production" | "preview">("production");
  const [error, setError] = useState<{ text: string; ref?: string } | null>(null);
  const [pending, start] = useTransition();

  const deploy = () => start(async () => {
    setError(null);
    const r = await startDeploymentAction(null, { orgSlug, projectId: project.id, mode, ...(mode === "git" ? { ref, target } : {}) });
    if (r.ok) router.push(r.data.href);
    else setError({ text: r.error, ref: r.fieldErrors?.ref?.[0] });
  });

  return (
    <section aria-labelledby="deploy-title" className="space-y-4">
      <div>
        <h3 id="deploy-title" className="text-lg font-semibold text-white">Deploy</h3>
        <p className="text-sm text-fg-muted">Starts a deployment at Vercel and follows its build here, live.</p>
      </div>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-2 text-sm text-fg-muted">What to deploy</legend>
        <label className="flex items-center gap-2 text-sm text-white">
          <input type="radio" name="mode" value="git" checked={mode === "git"} disabled={!project.repo} onChange={() => setMode("git")} className="size-4 accent-[#dc2626] focus-ring" />
          {project.repo ? <>From <span className="font-mono">{project.repo.slug}</span> at a ref</> : "From git (no repository connected)"}
        </label>
        <label className="flex items-center gap-2 text-sm text-white">
          <input type="radio" name="mode" value="redeploy" checked={mode === "redeploy"} disabled={!project.productionReady} onChange={() => setMode("redeploy")} className="size-4 accent-[#dc2626] focus-ring" />
          {project.productionReady ? "Redeploy the latest production deployment" : "Redeploy (no ready production deployment)"}
        </label>
      </fieldset>
      {mode === "git" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Branch, tag or commit" error={error?.ref}>
            <Input name="ref" value={ref} onChange={(e) => setRef(e.target.value)} autoComplete="off" spellCheck={false} />
          </Field>
          <Field label="Target">
            <select name="target" value={target} onChange={(e) => setTarget(e.target.value as "production" | "preview")} className="min-h-10 w-full rounded-[10px] border border-line-strong bg-surface-1 px-3 text-sm text-white focus-ring">
              <option value="production">Production</option>
              <option value="preview">Preview</option>
            </select>
          </Field>
        </div>
      )}
      {nothing && (
        <Alert tone="info" title="Nothing to deploy from Switchboard yet">
          <span id="deploy-nothing">{project.name} has no ready production deployment and no connected git repository.</span> Connect a repository in Vercel (the project&apos;s Settings, Git), or deploy it once with the Vercel CLI (<code className="font-mono">vercel --prod</code>); then it can be deployed from here.
        </Alert>
      )}
      {error && !error.ref && <Alert tone="error">{error.text}</Alert>}
      <Button type="button" onClick={deploy} pending={pending} pendingLabel="Starting" attention disabled={nothing} aria-describedby={nothing ? "deploy-nothing" : undefined}>Deploy {project.name}</Button>
    </section>
  );
}
