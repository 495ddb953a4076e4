import { listAudit } from "@/lib/audit";
import { revokeGrant } from "@/lib/agents/manage";
import { deleteIntegration } from "@/lib/integrations/service";
import { adminActor, agentsWorld, grant, makeAgent, openaiKey, storeCredential } from "../helpers/agents";
import { dbKinds } from "../helpers/db";

// What the audit trail needs to name a credential by name (components/settings/audit-trail.tsx).
describe.each(dbKinds)("audit rows name their credential on %s", (kind) => {
  let w: Awaited<ReturnType<typeof agentsWorld>>;
  beforeAll(async () => { w = await agentsWorld(kind, "auditnames"); }, 120_000);
  afterAll(() => w.close());

  const eventsOf = async (action: string) => (await listAudit(w.db, w.a.orgId, { limit: 200 })).filter((e) => e.action === action);

  it("records the agent's and the credential's names on a grant and its revocation, and lists the credential's name while it exists", async () => {
    const id = await storeCredential(w.deps, w.a, "openai", { apiKey: openaiKey("auditnames") }, "production");
    const { agent } = await makeAgent(w.db, w.a, "ci-bot");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["reveal"], integrationId: id });
    await revokeGrant(w.db, adminActor(w.a), w.a.orgId, g.id);

    const [granted] = await eventsOf("agent.grant");
    expect(granted.metadata).toMatchObject({ agent: "ci-bot", target: "named", credential: "production" });
    expect(granted.credentialName).toBe("production");
    const [revoked] = await eventsOf("agent.grant_revoke");
    expect(revoked.metadata).toMatchObject({ agent: "ci-bot", target: "named", credential: "production" });

    await deleteIntegration(w.deps, adminActor(w.a), w.a.orgId, id);
    const [deleted] = await eventsOf("integration.delete");
    // Gone: the row keeps the name it was deleted under, and nothing names it now.
    expect(deleted.metadata).toMatchObject({ name: "production" });
    expect(deleted.credentialName).toBeNull();
    expect(Object.values(deleted.metadata).join(" ")).not.toContain(openaiKey("auditnames"));
  });
});
