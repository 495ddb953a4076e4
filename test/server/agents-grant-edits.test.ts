import { proxyHandler } from "@/lib/agents/http";
import { listAgentIntegrations } from "@/lib/agents/list";
import { consumeUse, grantFor } from "@/lib/agents/grants";
import { setGrant } from "@/lib/agents/manage";
import { saveGrant } from "@/lib/agents/queries";
import { adminActor, agentRequest, agentsWorld, grant, makeAgent, openaiKey, storeCredential } from "../helpers/agents";
import { dbKinds } from "../helpers/db";

type World = Awaited<ReturnType<typeof agentsWorld>>;

const models = async (w: World, token: string, path = "/v1/models") => {
  const res = await proxyHandler(agentRequest("GET", `/api/v1/agent/proxy/openai${path}`, token), { provider: "openai", path: path.split("/").slice(1) }, w.deps);
  const body = await res.json();
  return { status: res.status, code: (body as { error?: { code?: string } }).error?.code ?? null };
};

describe.each(dbKinds)("saving a grant again on %s", (kind) => {
  let w: World;
  const key = openaiKey("grantedits");
  beforeAll(async () => {
    w = await agentsWorld(kind, "agedit");
    w.upstream.keys.add(key);
    await storeCredential(w.deps, w.a, "openai", { apiKey: key });
  }, 120_000);
  afterAll(() => w.close());

  const grantRow = async (id: string) =>
    (await w.db.query<{ id: string; uses: number; max_uses: number | null; revoked_at: Date | null }>(`select id, uses, max_uses, revoked_at from agent_grants where id = $1`, [id])).rows[0];

  it("edits it in place: the same id and uses, so a maximum of uses is not handed out afresh", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "capped");
    const first = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 2 });
    expect((await models(w, token)).status).toBe(200);
    expect((await models(w, token)).status).toBe(200);
    const again = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 2 });
    expect(again).toMatchObject({ id: first.id, uses: 2, maxUses: 2 });
    expect(await models(w, token)).toEqual({ status: 403, code: "grant_used_up" });
    const { rows } = await w.db.query<{ n: number }>(`select count(*)::int as n from agent_grants where agent_id = $1`, [agent.id]);
    expect(rows[0].n).toBe(1);
  });

  it("applies the new operations, rules and limits at once, and a maximum lowered below the uses leaves it used up", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "edited");
    const principal = { agentId: agent.id, orgId: w.a.orgId, orgSlug: w.a.slug, name: "edited", prefix: agent.prefix, ip: null };
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "models-read", maxUses: 10 });
    expect((await models(w, token)).status).toBe(200);
    expect((await models(w, token, "/v1/files")).code).toBe("path_not_granted");
    const wider = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy", "reveal"], preset: "read-only", maxUses: 5 });
    expect(wider).toMatchObject({ id: g.id, uses: 1, maxUses: 5, operations: ["proxy", "reveal"], preset: "read-only" });
    // Forwarded now (the fake upstream knows no /v1/files and answers 404 itself).
    expect(await models(w, token, "/v1/files")).toEqual({ status: 404, code: null });
    expect((await grantRow(g.id)).uses).toBe(2);

    const lowered = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 1 });
    expect(lowered).toMatchObject({ id: g.id, uses: 2, maxUses: 1 });
    expect(await models(w, token)).toEqual({ status: 403, code: "grant_used_up" });
    expect(await listAgentIntegrations(w.db, principal)).toEqual([expect.objectContaining({ grantId: g.id, usesLeft: 0, usable: false })]);
    expect((await grantRow(g.id)).uses).toBe(2);
  });

  it("keeps the id the audit trail refers to: the calls and both saves name one grant", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "audited");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    expect((await models(w, token)).status).toBe(200);
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 50 });
    expect((await models(w, token)).status).toBe(200);
    const { rows } = await w.db.query<{ action: string; outcome: string; grant_id: string }>(
      `select action, outcome, metadata->>'grant_id' as grant_id from audit_events
        where org_id = $1 and action in ('agent.grant', 'agent.call') and (metadata->>'agent_id' = $2::text or actor_agent_id::text = $2::text) order by id`,
      [w.a.orgId, agent.id],
    );
    expect(rows).toEqual([
      { action: "agent.grant", outcome: "granted", grant_id: g.id },
      { action: "agent.call", outcome: "forwarded", grant_id: g.id },
      { action: "agent.grant", outcome: "edited", grant_id: g.id },
      { action: "agent.call", outcome: "forwarded", grant_id: g.id },
    ]);
  });

  it("leaves one live grant when admins save it concurrently, each save applied whole", async () => {
    const { agent } = await makeAgent(w.db, w.a, "raced");
    const saves = await Promise.all([1, 2, 3, 4, 5, 6].map((maxUses) =>
      setGrant(w.db, adminActor(w.a), { orgId: w.a.orgId, agentId: agent.id, provider: "openai", integrationId: null, operations: ["proxy"], preset: "read-only", maxUses, createdBy: w.a.users.admin })));
    expect(saves.map((s) => s.kind)).toEqual(Array(6).fill("granted"));
    const ids = new Set(saves.map((s) => (s.kind === "granted" ? s.grant.id : null)));
    expect(ids.size).toBe(1);
    const { rows } = await w.db.query<{ id: string; max_uses: number }>(`select id, max_uses from agent_grants where agent_id = $1`, [agent.id]);
    expect(rows).toHaveLength(1);
    expect([1, 2, 3, 4, 5, 6]).toContain(rows[0].max_uses);
  });

  it("spends no use under a grant read before an edit took the operation away (a reveal after Reveal was unticked)", async () => {
    const { agent } = await makeAgent(w.db, w.a, "unticked");
    const principal = { agentId: agent.id, orgId: w.a.orgId, orgSlug: w.a.slug, name: "unticked", prefix: agent.prefix, ip: null };
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy", "reveal"], preset: "read-only" });
    const checked = await grantFor(w.db, principal, "openai", "reveal");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    await expect(consumeUse(w.db, checked)).rejects.toMatchObject({ code: "grant_used_up" });
    expect((await grantRow(g.id)).uses).toBe(0);
    // The grant as it is now still spends.
    await consumeUse(w.db, await grantFor(w.db, principal, "openai", "proxy"));
    expect((await grantRow(g.id)).uses).toBe(1);
  });

  (kind === "postgres" ? it : it.skip)("refuses a proxied call that waited on an edit taking proxy away, once the edit commits", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "narrowed");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy", "reveal"], preset: "read-only" });
    // Returned in an object: a returned promise would be awaited inside the transaction, which the call waits on.
    const { pending } = await w.db.transaction(async (tx) => {
      // setGrant's order: the agent's row, then the grant's. The call reads the grants, then waits here.
      await tx.query(`select 1 from agents where id = $1 for update`, [agent.id]);
      await saveGrant(tx, { orgId: w.a.orgId, agentId: agent.id, provider: "openai", integrationId: null, operations: ["reveal"], proxyRules: [], preset: null,
        awsRoleArn: null, revealSeconds: 900, ratePerMinute: 60, maxUses: null, expiresAt: "keep", createdBy: w.a.users.admin });
      const pending = models(w, token);
      for (let i = 0; i < 200; i++) {
        const { rows } = await tx.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      return { pending };
    });
    expect(await pending).toEqual({ status: 403, code: "grant_used_up" });
    expect((await grantRow(g.id)).uses).toBe(0);
  });
});
