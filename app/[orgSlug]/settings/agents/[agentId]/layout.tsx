import { notFound } from "next/navigation";
import { getAgent } from "@/lib/agents/queries";
import { getDb } from "@/lib/db";
import { asUser } from "@/lib/db/rls";
import { requireOrgMember } from "@/lib/orgs/context";
import { isUuid } from "@/lib/zod/text";

// Checked here, above the page's loading boundary, so an unknown agent, or another org's, answers
// 404 rather than a streamed 200 that shows the not-found card. One read by id and org, under the
// same row-level security as the page. Members get the page's "owners and admins only" note for
// any well-formed id: they are shown no agents, so nothing about this one is confirmed.
export default async function AgentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string; agentId: string }> }) {
  const { orgSlug, agentId } = await params;
  const { user, membership } = await requireOrgMember(orgSlug);
  if (!isUuid(agentId)) notFound();
  if (membership.role !== "member" && !(await asUser(await getDb(), user.id, (tx) => getAgent(tx, membership.orgId, agentId)))) notFound();
  return children;
}
