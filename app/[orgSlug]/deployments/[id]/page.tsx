import Link from "next/link";
import { notFound } from "next/navigation";
import { DeploymentLive } from "@/components/deployments/deployment-live";
import { PageHeader } from "@/components/layout/page-header";
import { GlassPanel } from "@/components/ui/glass-panel";
import { readDeployment } from "@/lib/deployments/read";
import { formatWhen } from "@/lib/format";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Deployment" };

export default async function DeploymentPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const { membership } = await requireOrgMember(orgSlug);
  const d = await readDeployment(membership.orgId, id);
  if (!d) notFound();
  return (
    <div className="space-y-6">
      <Link href={`/${orgSlug}/deployments`} className="text-sm text-fg-muted no-underline hover:text-white focus-ring">Deployments</Link>
      <PageHeader title={`${d.name} on ${d.kind === "vercel" ? "Vercel" : "RunPod"}`}>
        {[d.target, d.ref].filter(Boolean).join(" · ") || "Deployment"}, started {formatWhen(d.createdAt)}{d.startedBy ? ` by ${d.startedBy}` : ""}.
      </PageHeader>
      <GlassPanel depth={1} className="p-4"><dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
        {d.url && (<><dt className="text-fg-muted">URL</dt><dd><a href={d.url} className="text-white" rel="noreferrer noopener" target="_blank">{d.url}</a></dd></>)}
        <dt className="text-fg-muted">Credentials</dt>
        <dd className="text-white">{d.credentials.map((c) => `${c.name} (${c.provider}${c.fingerprint ? ` ${c.fingerprint}` : ""})`).join(", ") || "None recorded"}</dd>
        {d.error && (<><dt className="text-fg-muted">Why it failed</dt><dd className="text-white">{d.error}</dd></>)}
      </dl></GlassPanel>
      <DeploymentLive orgSlug={orgSlug} id={d.id} initialState={d.state} initialProviderState={d.providerState} initialSeq={d.lastSeq} canCancel={membership.role !== "member" && d.kind === "vercel"} />
    </div>
  );
}
