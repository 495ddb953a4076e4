import Link from "next/link";
import { notFound } from "next/navigation";
import { agentState } from "@/components/agents/agent-list";
import { GrantMatrix } from "@/components/agents/grant-matrix";
import { RevokeAgentButton } from "@/components/agents/revoke-agent-button";
import { UsageLog } from "@/components/agents/usage-log";
import { LiveRefresh } from "@/components/live/live-refresh";
import { Alert } from "@/components/ui/alert";
import { agentUsage, getAgent, listGrants } from "@/lib/agents/queries";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { latestEventId } from "@/lib/events/queries";
import { formatWhen } from "@/lib/format";
import { listIntegrations } from "@/lib/integrations/queries";
import { requireOrgMember } from "@/lib/orgs/context";
import { isUuid } from "@/lib/zod/text";

export const metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ orgSlug: string; agentId: string }> }) {
  const { orgSlug, agentId } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  if (membership.role === "member") return <Alert tone="info">Only owners and admins see agents and their grants.</Alert>;
  // Its layout checks this too, but a page renders alongside its layouts, not after them.
  if (!isUuid(agentId)) notFound();
  // Under row-level security: agents, grants and the audit trail are shown to org admins only.
  const db = await getDb();
  const eventId = await latestEventId(db, membership.orgId);
  const data = await asUser(db, user.id, async (tx) => {
    const agent = await getAgent(tx, membership.orgId, agentId);
    if (!agent) return null;
    const [grants, integrations, usage] = await Promise.all([
      listGrants(tx, membership.orgId, agentId), listIntegrations(tx, membership.orgId), agentUsage(tx, membership.orgId, agentId, 50),
    ]);
    return { agent, grants, integrations, usage };
  });
  if (!data) notFound();
  const { agent, grants, integrations, usage } = data;
  const now = Date.now();
  const s = agentState(agent, now);
  return (
    <div className="space-y-8">
      {/* Grants given or revoked, the agent revoked, or a credential it points at changing, by another admin. */}
      <LiveRefresh orgSlug={orgSlug} after={eventId} prefixes={["agent.", "credential.", "integration."]} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        {/* A flex item is never narrower than its longest word unless told: a name or description
            with a long unbroken word (a URL, a path) breaks anywhere instead of widening a phone's page. */}
        <div className="min-w-0 [overflow-wrap:anywhere]">
          <p className="text-sm text-fg-muted"><Link className="focus-ring rounded underline" href={`/${orgSlug}/settings/agents`}>Agents</Link></p>
          <h1 className="text-3xl font-semibold text-white">{agent.name} <code className="ml-2 align-middle text-sm text-fg-muted">sba_{agent.prefix}_…</code></h1>
          {agent.description && <p className="mt-1 max-w-prose text-fg-muted">{agent.description}</p>}
          <p className="mt-1 text-sm text-fg-muted">
            Created {formatWhen(agent.createdAt)} · {s.word} · {agent.lastUsedAt ? `Last used ${formatWhen(agent.lastUsedAt)}` : "Never used"}
            {agent.allowedCidrs.length > 0 && ` · From ${agent.allowedCidrs.join(", ")} only`}
          </p>
        </div>
        {s.live && <RevokeAgentButton orgSlug={orgSlug} agentId={agent.id} name={agent.name} />}
      </div>
      {!s.live ? (
        <Alert tone="info">This agent no longer works and its grants no longer apply; its usage log is kept below for the record.</Alert>
      ) : (
        <section className="space-y-3" aria-labelledby="grants-heading">
          <h2 id="grants-heading" className="text-xl font-medium text-white">Integrations and operations</h2>
          <p className="max-w-prose text-sm text-fg-muted">
            A grant on a provider&apos;s default follows whichever credential is its default when used; when there is none, the agent&apos;s call files a credential request for admins.
          </p>
          <GrantMatrix orgSlug={orgSlug} agentId={agent.id} integrations={integrations} grants={grants} now={now} />
        </section>
      )}
      <section className="space-y-3" aria-labelledby="usage-heading">
        <h2 id="usage-heading" className="text-xl font-medium text-white">Usage log</h2>
        <UsageLog rows={usage} />
      </section>
    </div>
  );
}
