import { notFound } from "next/navigation";
import { AgentAccessNote } from "@/components/agents/agent-access-note";
import { CheckHistory } from "@/components/integrations/check-history";
import { CredentialList } from "@/components/integrations/credential-list";
import { ProviderHeader } from "@/components/integrations/provider-header";
import { SetupForm } from "@/components/integrations/setup-form";
import { SetupSteps } from "@/components/integrations/setup-steps";
import { LiveRefresh } from "@/components/live/live-refresh";
import { OAuthPanel } from "@/components/oauth/oauth-panel";
import { OwnRequests } from "@/components/requests/own-requests";
import { RequestButton } from "@/components/requests/request-button";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { ProviderSetupPanel } from "@/components/webhooks-setup/provider-setup-panel";
import { GlassPanel } from "@/components/ui/glass-panel";
import { providerStatus } from "@/lib/integrations/provider-status";
import { readProviderPage } from "@/lib/integrations/read-health";
import { requireOrgMember } from "@/lib/orgs/context";
import { getProvider } from "@/lib/providers";
import { publicFields } from "@/lib/providers/public";

export async function generateMetadata({ params }: { params: Promise<{ provider: string }> }) {
  return { title: getProvider((await params).provider)?.name ?? "Integration" };
}

export default async function ProviderPage({ params }: { params: Promise<{ orgSlug: string; provider: string }> }) {
  const { orgSlug, provider: providerId } = await params;
  const provider = getProvider(providerId);
  if (!provider) notFound();
  const { user, membership } = await requireOrgMember(orgSlug);
  const canEdit = membership.role !== "member";
  const { rows, checks, eventId, mine } = await readProviderPage(user.id, membership.orgId, provider.id, canEdit);

  return (
    <div className="space-y-6">
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["integration.", "credential.", "request."]} provider={provider.id} />
      <ProviderHeader orgSlug={orgSlug} provider={provider} status={providerStatus(rows)} canEdit={canEdit} />
      {rows.length > 0 && <CredentialList rows={rows} makeDefault={canEdit ? { orgSlug, providerName: provider.name } : undefined} />}
      {!canEdit && <OwnRequests requests={mine} names={{ [provider.id]: provider.name }} title={`Your requests for ${provider.name}`} className="" />}
      {provider.id === "runpod" && rows.length > 0 && (
        <p><ButtonLink href={`/${orgSlug}/deployments/runpod`} variant="secondary">Serverless endpoints and GPU prices</ButtonLink></p>
      )}
      <div className="grid gap-6 lg:grid-cols-5">
        <GlassPanel depth={2} className="min-w-0 p-6 lg:col-span-2">
          <SetupSteps steps={provider.setupSteps} keysUrl={provider.fields.length > 0 ? provider.keysUrl : null} providerName={provider.name} />
        </GlassPanel>
        <GlassPanel depth={3} className="min-w-0 p-6 lg:col-span-3">
          {canEdit ? (
            <>
              <OAuthPanel orgSlug={orgSlug} provider={provider} hasDefault={rows.length > 0} />
              {provider.fields.length > 0 && (
                <SetupForm orgSlug={orgSlug} providerId={provider.id} providerName={provider.name} fields={publicFields(provider)} hasDefault={rows.length > 0} takenNames={rows.filter((r) => r.authType !== "oauth").map((r) => r.name)} />
              )}
            </>
          ) : (
            <>
              <Alert tone="info">Members can see statuses. Ask an owner or admin of this organization to add or change credentials.</Alert>
              <RequestButton orgSlug={orgSlug} provider={{ id: provider.id, name: provider.name }} />
            </>
          )}
        </GlassPanel>
      </div>
      {canEdit && <ProviderSetupPanel orgSlug={orgSlug} orgId={membership.orgId} userId={user.id} provider={provider} rows={rows} />}
      {rows.length > 0 && <CheckHistory rows={rows} checks={checks} />}
      <AgentAccessNote provider={provider} orgSlug={orgSlug} />
    </div>
  );
}
