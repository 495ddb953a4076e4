import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { LiveRefresh } from "@/components/live/live-refresh";
import { EndpointList } from "@/components/runpod/endpoint-list";
import { RunpodWorkspace } from "@/components/runpod/runpod-workspace";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { GlassPanel } from "@/components/ui/glass-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { requireOrgMember } from "@/lib/orgs/context";
import { NO_RUNPOD } from "@/lib/runpod/credential";
import { readRunpodPage } from "@/lib/runpod/read";

export const metadata = { title: "RunPod serverless" };

// Endpoints change state as the worker follows them; the GPU table is re-read at most once a minute.
const LIVE = ["deployment.", "credential."];

export default async function RunpodPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  const page = await readRunpodPage(membership.orgId, isAdmin);
  const { catalog } = page;

  return (
    <div className="space-y-6">
      <LiveRefresh orgSlug={orgSlug} after={page.eventId} prefixes={LIVE} />
      <Link href={`/${orgSlug}/deployments`} className="text-sm text-fg-muted no-underline hover:text-white focus-ring">Deployments</Link>
      <PageHeader title="RunPod serverless">
        GPU availability and prices, and serverless endpoints whose env comes from the vault, followed until their workers are ready.
      </PageHeader>
      <EndpointList orgSlug={orgSlug} endpoints={page.endpoints} canDelete={isAdmin} />
      {catalog.ok ? (
        <RunpodWorkspace
          orgSlug={orgSlug}
          gpus={catalog.gpus.map(({ manufacturer: _m, ...g }) => g)}
          fetchedAt={catalog.fetchedAt}
          form={isAdmin ? { choices: page.choices, defaultTemplateId: page.defaultTemplateId, templates: page.templates } : null}
        />
      ) : catalog.error === NO_RUNPOD ? (
        <GlassPanel>
          <EmptyState
            title="Connect RunPod"
            text="The GPU table and endpoints use the org's default RunPod API key."
            action={<ButtonLink href={`/${orgSlug}/integrations/runpod`}>Add a RunPod key</ButtonLink>}
          />
        </GlassPanel>
      ) : (
        <Alert tone="warning" title="RunPod could not be read">{catalog.error}</Alert>
      )}
    </div>
  );
}
