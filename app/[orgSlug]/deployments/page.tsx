import Link from "next/link";
import { DeploymentList } from "@/components/deployments/deployment-list";
import { VercelPanel } from "@/components/deployments/vercel-panel";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { readEventId, readRecentDeployments, readVercelPanel } from "@/lib/deployments/read";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Deployments" };

export default async function DeploymentsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  // Vercel is asked for the token's projects only for those who may act on them.
  const [eventId, deployments, vercel] = await Promise.all([
    readEventId(membership.orgId), readRecentDeployments(membership.orgId, 30), isAdmin ? readVercelPanel(membership.orgId) : null,
  ]);
  return (
    <div className="space-y-8">
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["deployment.state_changed"]} />
      <PageHeader title="Deployments">Ship with the vault&apos;s credentials and watch every build live, from any instance.</PageHeader>
      <p className="text-sm text-fg-muted">
        Serverless GPUs: <Link href={`/${orgSlug}/deployments/runpod`} className="text-white">RunPod endpoints, GPU availability and prices</Link>.
      </p>
      {vercel && !vercel.connected && (
        <EmptyState
          title="Connect Vercel to deploy"
          text="Add a Vercel access token (scoped to the team whose projects you deploy) and its projects appear here."
          action={<ButtonLink href={`/${orgSlug}/integrations/vercel`}>Add a Vercel token</ButtonLink>}
        />
      )}
      {vercel?.error && <Alert tone="error" title="Vercel's projects could not be listed">{vercel.error}</Alert>}
      {vercel?.connected && !vercel.error && (vercel.projects.length
        ? <VercelPanel orgSlug={orgSlug} projects={vercel.projects} credentialName={vercel.credentialName ?? "Vercel"} teamId={vercel.teamId} />
        : <Alert tone="info">The Vercel token sees no projects in its scope.</Alert>)}
      <GlassPanel as="section" aria-labelledby="recent-title" className="p-0">
        <h2 id="recent-title" className="px-4 pt-4 text-xl font-semibold text-white">Recent deployments</h2>
        {deployments.length
          ? <div className="mt-2"><DeploymentList orgSlug={orgSlug} deployments={deployments} /></div>
          : <p className="px-4 pb-4 pt-2 text-fg-muted">No deployments yet.{isAdmin ? "" : " Admins start them; you can watch them here."}</p>}
      </GlassPanel>
    </div>
  );
}
