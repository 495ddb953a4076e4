import { revealHandler } from "@/lib/agents/http";
import { startPlatformFake, type PlatformFake } from "../fakes/platform-fake";
import { agentRequest, agentsWorld, grant, makeAgent, storeCredential } from "../helpers/agents";

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// One database kind is enough here: what is under test is the STS exchange, not the queries.
describe("AWS reveals are derived credentials from STS", () => {
  let sts: PlatformFake;
  let w: Awaited<ReturnType<typeof agentsWorld>>;
  beforeAll(async () => {
    sts = await startPlatformFake({ keys: { [KEY_ID]: "valid" } });
    w = await agentsWorld("pglite", "agaws", { extraBaseUrls: { aws: sts.url } });
    await storeCredential(w.deps, w.a, "aws", { accessKeyId: KEY_ID, secretAccessKey: SECRET, region: "eu-west-3" });
  }, 120_000);
  afterAll(async () => { await w.close(); await sts.close(); });
  beforeEach(() => { sts.requests.length = 0; });

  const reveal = (token: string) => revealHandler(agentRequest("GET", "/api/v1/agent/reveal/aws", token), { provider: "aws" }, w.deps);

  it("hands out a GetSessionToken credential for 15 minutes by default, signed by the stored key, never the stored secret", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "terraform");
    await grant(w.db, w.a, agent.id, { provider: "aws", operations: ["reveal"] });
    const before = Date.now();
    const res = await reveal(token);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text);
    expect(body.derived).toBe(true);
    expect(body.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(body.env.AWS_SECRET_ACCESS_KEY).toHaveLength(40);
    expect(body.env.AWS_SESSION_TOKEN).toMatch(/^IQoJ/);
    expect(body.env.AWS_REGION).toBe("eu-west-3");
    const expires = new Date(body.expires_at).getTime();
    expect(expires - before).toBeGreaterThan(880_000);
    expect(expires - before).toBeLessThan(960_000);
    expect(sts.requests).toHaveLength(1);
    const sent = new URLSearchParams(sts.requests[0].body);
    expect(sent.get("Action")).toBe("GetSessionToken");
    expect(sent.get("DurationSeconds")).toBe("900");
    expect(sts.requests[0].headers.authorization).toContain(`Credential=${KEY_ID}/`);
    expect(JSON.stringify(sts.requests[0])).not.toContain(SECRET);
    const { rows } = await w.db.query<{ outcome: string; metadata: Record<string, unknown> }>(
      `select outcome, metadata from audit_events where action = 'agent.reveal' and actor_agent_id = $1`, [agent.id]);
    expect(rows).toEqual([expect.objectContaining({ outcome: "derived", metadata: expect.objectContaining({ expires_at: body.expires_at, role: null }) })]);
    expect(JSON.stringify(rows)).not.toContain(body.env.AWS_SECRET_ACCESS_KEY);
  });

  it("assumes the grant's role for the grant's duration, in a session named after the agent", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "deployer");
    const role = "arn:aws:iam::123456789012:role/deploy-readonly";
    await grant(w.db, w.a, agent.id, { provider: "aws", operations: ["reveal"], awsRoleArn: role, revealSeconds: 1800 });
    const body = await (await reveal(token)).json();
    expect(body.derived).toBe(true);
    const sent = new URLSearchParams(sts.requests[0].body);
    expect(Object.fromEntries(sent)).toMatchObject({ Action: "AssumeRole", RoleArn: role, RoleSessionName: `switchboard-agent-${agent.prefix}`, DurationSeconds: "1800" });
    const { rows } = await w.db.query<{ metadata: Record<string, unknown> }>(`select metadata from audit_events where action = 'agent.reveal' and actor_agent_id = $1`, [agent.id]);
    expect(rows[0].metadata.role).toBe(role);
  });

  it("refuses, with a sentence and nothing revealed, when STS does not issue one", async () => {
    sts.keys.set(KEY_ID, "wrong_secret");
    try {
      const { token, agent } = await makeAgent(w.db, w.a, "unlucky");
      await grant(w.db, w.a, agent.id, { provider: "aws", operations: ["reveal"] });
      const res = await reveal(token);
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(text).not.toContain(SECRET);
      expect(JSON.parse(text).error.message).toMatch(/SignatureDoesNotMatch/);
    } finally {
      sts.keys.set(KEY_ID, "valid");
    }
  });
});
