import { AgentList } from "@/components/agents/agent-list";
import { CreateAgentForm } from "@/components/agents/create-agent-form";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { GlassPanel } from "@/components/ui/glass-panel";
import { listAgents } from "@/lib/agents/queries";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { requireOrgMember } from "@/lib/orgs/context";

export const metadata = { title: "Agents" };

export default async function AgentsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  const isAdmin = membership.role !== "member";
  // Read under row-level security: the policy shows agents to org admins only.
  const db = await getDb();
  const eventId = isAdmin ? await latestEventId(db, membership.orgId) : null;
  const agents = isAdmin ? await asUser(db, user.id, (tx) => listAgents(tx, membership.orgId)) : [];
  return (
    <div className="space-y-8">
      {/* Another admin's new or revoked agent shows without a reload (agent.* events reach admins only). */}
      {eventId !== null && <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["agent."]} />}
      <div>
        <h1 className="text-3xl font-semibold text-white">Agents</h1>
        <p className="mt-2 max-w-prose text-fg-muted">
          An agent uses this organization&apos;s integrations through Switchboard with its own token: it calls a provider&apos;s API through the proxy
          (<code className="[overflow-wrap:anywhere]">/api/v1/agent/proxy/&#123;provider&#125;/…</code>) without ever holding the key, within the operations you grant it.
          Every call is in its usage log and the audit log.
        </p>
      </div>
      {!isAdmin ? (
        <Alert tone="info">Only owners and admins create agents and grant them integrations.</Alert>
      ) : (
        <>
          {agents.length === 0 ? (
            <GlassPanel depth={1}><EmptyState title="No agents yet" text="Create one below; its token is shown once." /></GlassPanel>
          ) : (
            <AgentList orgSlug={orgSlug} agents={agents} now={Date.now()} />
          )}
          <GlassPanel depth={2} className="max-w-xl p-6">
            <CreateAgentForm orgSlug={orgSlug} />
          </GlassPanel>
        </>
      )}
    </div>
  );
}
