import { authenticateAgent } from "@/lib/agents/auth";
import { envHandler, revealHandler } from "@/lib/agents/http";
import { revokeAgent, revokeGrant } from "@/lib/agents/manage";
import { agentUsage } from "@/lib/agents/queries";
import { openPostgres } from "@/lib/db/postgres";
import { migrate } from "@/lib/db/migrate";
import { adminActor, agentRequest, agentsWorld, grant, makeAgent, openaiKey, storeCredential } from "../helpers/agents";
import { dbKinds } from "../helpers/db";
import { scratchDatabase } from "../helpers/scratch-database";

type World = Awaited<ReturnType<typeof agentsWorld>>;

const reveal = (w: World, token: string, provider: string) => revealHandler(agentRequest("GET", `/api/v1/agent/reveal/${provider}`, token), { provider }, w.deps);
const env = (w: World, token: string) => envHandler(agentRequest("GET", "/api/v1/agent/env", token), w.deps);

describe.each(dbKinds)("agent reveal and env on %s", (kind) => {
  let w: World;
  const key = openaiKey("agentreveal");
  beforeAll(async () => {
    w = await agentsWorld(kind, "agreveal");
    await storeCredential(w.deps, w.a, "openai", { apiKey: key });
  }, 120_000);
  afterAll(() => w.close());

  it("reveals the stored key under a reveal grant, audits each reveal, and refuses without one", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "revealer");
    const proxyOnly = await makeAgent(w.db, w.a, "proxy-only");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["reveal"], maxUses: 2 });
    await grant(w.db, w.a, proxyOnly.agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const res = await reveal(w, token, "openai");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ provider: "openai", derived: false, expires_at: null, env: { OPENAI_API_KEY: key }, credential: { name: "default" } });
    expect((await reveal(w, token, "openai")).status).toBe(200);
    const third = await reveal(w, token, "openai");
    expect((await third.json()).error.code).toBe("grant_used_up");
    const denied = await reveal(w, proxyOnly.token, "openai");
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("operation_not_granted");
    const { rows } = await w.db.query<{ action: string; outcome: string; actor_agent_id: string; metadata: Record<string, unknown> }>(
      `select action, outcome, actor_agent_id, metadata from audit_events where org_id = $1 and action in ('agent.reveal', 'agent.refused') order by id`, [w.a.orgId]);
    expect(rows.map((r) => [r.action, r.outcome, r.actor_agent_id])).toEqual([
      ["agent.reveal", "revealed", agent.id], ["agent.reveal", "revealed", agent.id],
      ["agent.refused", "grant_used_up", agent.id], ["agent.refused", "operation_not_granted", proxyOnly.agent.id],
    ]);
    expect(rows[0].metadata).toMatchObject({ credential: "default", variables: "OPENAI_API_KEY" });
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it("exports env grants as a .env file and skips what has no usable credential", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "env-puller");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["env"] });
    await grant(w.db, w.a, agent.id, { provider: "groq", operations: ["env"] });
    const res = await env(w, token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`OPENAI_API_KEY='${key}'`);
    expect(text).not.toContain("GROQ_API_KEY=");
    expect(res.headers.get("x-switchboard-skipped")).toBe("groq=credential_missing");
    const { rows } = await w.db.query<{ outcome: string; metadata: Record<string, unknown> }>(
      `select outcome, metadata from audit_events where org_id = $1 and action = 'agent.env' and actor_agent_id = $2`, [w.a.orgId, agent.id]);
    expect(rows).toEqual([expect.objectContaining({ outcome: "partial", metadata: expect.objectContaining({ variables: "OPENAI_API_KEY", skipped: "groq/credential_missing" }) })]);
    const none = await makeAgent(w.db, w.a, "no-env");
    expect((await (await env(w, none.token)).json()).error.code).toBe("operation_not_granted");
  });

  it("records a revoked agent's refused reveal and env in its usage log", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "revoked-revealer");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["reveal", "env"] });
    await revokeAgent(w.db, adminActor(w.a), w.a.orgId, agent.id);
    expect((await (await reveal(w, token, "openai")).json()).error.code).toBe("agent_revoked");
    expect((await env(w, token)).status).toBe(401);
    expect((await agentUsage(w.db, w.a.orgId, agent.id)).map((u) => [u.action, u.outcome, u.metadata.operation])).toEqual([
      ["agent.refused", "agent_revoked", "env"], ["agent.refused", "agent_revoked", "reveal"],
    ]);
  });

  it("stops a revoked grant on its next use", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "grant-revoked");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["reveal"] });
    expect((await reveal(w, token, "openai")).status).toBe(200);
    await revokeGrant(w.db, adminActor(w.a), w.a.orgId, g.id);
    expect((await (await reveal(w, token, "openai")).json()).error.code).toBe("no_grant");
  });
});

const pg = process.env.DATABASE_URL ? describe : describe.skip;
pg("two instances on one PostgreSQL", () => {
  it("see an agent's revocation at once: nothing is cached between calls", async () => {
    const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
    const one = openPostgres(scratch.url, 2);
    const two = openPostgres(scratch.url, 2);
    try {
      await migrate(one);
      const w = await agentsWorld("postgres", "agtwo", { db: one });
      try {
        const { token, agent } = await makeAgent(one, w.a, "shared");
        expect(await authenticateAgent(one, token, "10.0.0.1")).not.toBeNull();
        expect(await authenticateAgent(two, token, "10.0.0.1")).not.toBeNull();
        await revokeAgent(two, adminActor(w.a), w.a.orgId, agent.id);
        expect(await authenticateAgent(one, token, "10.0.0.1")).toBeNull();
        expect(await authenticateAgent(two, token, "10.0.0.1")).toBeNull();
      } finally {
        await w.close();
      }
    } finally {
      await one.close();
      await two.close();
      await scratch.drop();
    }
  });
});
