import { checkAgentToken, authenticateAgent, AGENT_TOKEN_BUDGET } from "@/lib/agents/auth";
import { proxyHandler } from "@/lib/agents/http";
import { brokerCall } from "@/lib/agents/broker";
import { listAgentIntegrations } from "@/lib/agents/list";
import { revokeAgent, setGrant } from "@/lib/agents/manage";
import { agentUsage } from "@/lib/agents/queries";
import { STREAM_CHUNK, STREAM_CHUNKS } from "../fakes/agent-upstream-fake";
import { adminActor, agentRequest, agentsWorld, grant, makeAgent, openaiKey, storeCredential } from "../helpers/agents";
import { dbKinds } from "../helpers/db";
import { validationContext } from "@/lib/providers/context";
import { makeOrg } from "../helpers/fixtures";

type World = Awaited<ReturnType<typeof agentsWorld>>;

const call = (w: World, token: string | null, method: string, path: string, opts: { body?: string; headers?: Record<string, string> } = {}) => {
  const [pathname] = path.split("?");
  const [, provider, ...rest] = pathname.split("/");
  return proxyHandler(agentRequest(method, `/api/v1/agent/proxy${path}`, token, opts), { provider, path: rest.map(decodeURIComponent) }, w.deps);
};

async function auditRows(w: World, orgId: string, action?: string) {
  const { rows } = await w.db.query<{ action: string; outcome: string; actor_type: string; actor_name: string; actor_agent_id: string; ip: string | null; metadata: Record<string, unknown> }>(
    `select action, outcome, actor_type, actor_name, actor_agent_id, ip::text as ip, metadata from audit_events where org_id = $1 and ($2::text is null or action = $2) order by id`,
    [orgId, action ?? null],
  );
  return rows;
}

describe.each(dbKinds)("agent proxy on %s", (kind) => {
  let w: World;
  const key = openaiKey("agentproxy");
  beforeAll(async () => {
    w = await agentsWorld(kind, "agproxy");
    w.upstream.keys.add(key);
    await storeCredential(w.deps, w.a, "openai", { apiKey: key });
  }, 120_000);
  afterAll(() => w.close());
  beforeEach(() => { w.upstream.requests.length = 0; });

  it("forwards a granted call with the org's key, never the agent's token, and audits it as the agent", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "reader");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const res = await call(w, token, "GET", "/openai/v1/models?limit=5&after=secret-cursor", { headers: { cookie: "sb_session=x", "x-forwarded-for": "6.6.6.6" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: "list" });
    expect(res.headers.get("x-request-id")).toBe("req_fake");
    const seen = w.upstream.requests[0];
    expect(seen.path).toBe("/v1/models?limit=5&after=secret-cursor");
    expect(seen.headers.authorization).toBe(`Bearer ${key}`);
    expect(JSON.stringify(seen.headers)).not.toContain(token);
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers["x-forwarded-for"]).toBeUndefined();
    const [row] = (await auditRows(w, w.a.orgId, "agent.call")).slice(-1);
    expect(row).toMatchObject({ outcome: "forwarded", actor_type: "agent", actor_name: "reader", actor_agent_id: agent.id });
    expect(row.metadata).toMatchObject({ method: "GET", path: "/v1/models?after&limit", upstream_status: 200, credential: "default", bytes_in: 0 });
    expect(Number(row.metadata.bytes_out)).toBeGreaterThan(0);
    expect(typeof row.metadata.latency_ms).toBe("number");
    expect(JSON.stringify(row)).not.toContain("secret-cursor");
    expect(JSON.stringify(row)).not.toContain(key);
    const listed = await listAgentIntegrations(w.db, { agentId: agent.id, orgId: w.a.orgId, orgSlug: w.a.slug, name: "reader", prefix: agent.prefix, ip: null });
    expect(listed).toEqual([expect.objectContaining({ provider: "openai", status: "PENDING", operations: ["proxy"], target: "default", usable: true })]);
  });

  it("records a call the provider never answered once, as the call's own outcome, not also as a refusal", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "unanswered");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    // Port 1 on loopback: the connection is refused at once.
    const deps = { ...w.deps, context: (id: string) => validationContext({ providerBaseUrls: { [id]: "http://127.0.0.1:1" }, PROVIDER_TIMEOUT_MS: 2000 }, id) };
    const res = await proxyHandler(agentRequest("GET", "/api/v1/agent/proxy/openai/v1/models", token), { provider: "openai", path: ["v1", "models"] }, deps);
    expect(res.status).toBe(502);
    expect((await res.json()).error.code).toBe("upstream_unreachable");
    const rows = (await auditRows(w, w.a.orgId)).filter((r) => r.actor_agent_id === agent.id);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["agent.call", "unreachable"]]);
  });

  it("refuses a path or method outside the grant's patterns without calling the provider, and audits the refusal", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "narrow");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "models-read" });
    const outside = await call(w, token, "GET", "/openai/v1/files");
    expect(outside.status).toBe(403);
    expect((await outside.json()).error.code).toBe("path_not_granted");
    const deeper = await call(w, token, "GET", "/openai/v1/models/gpt-4o/extra");
    expect((await deeper.json()).error.code).toBe("path_not_granted");
    const post = await call(w, token, "POST", "/openai/v1/models", { body: "{}" });
    expect((await post.json()).error.code).toBe("method_not_granted");
    const climb = await call(w, token, "GET", "/openai/v1/models/..%2F..%2Fadmin");
    expect(climb.status).toBe(400);
    expect((await climb.json()).error.code).toBe("invalid_path");
    const dots = await proxyHandler(agentRequest("GET", "/x", token), { provider: "openai", path: ["v1", "models", ".."] }, w.deps);
    expect((await dots.json()).error.code).toBe("invalid_path");
    expect(w.upstream.requests).toHaveLength(0);
    const refused = (await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === agent.id);
    expect(refused.map((r) => r.outcome)).toEqual(["path_not_granted", "path_not_granted", "method_not_granted", "invalid_path", "invalid_path"]);
    expect(refused[0].metadata).toMatchObject({ operation: "proxy", method: "GET", path: "/v1/files" });
  });

  it("refuses an expired grant and a used-up one; uses are spent atomically under concurrency", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "limited");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, () => call(w, token, "GET", "/openai/v1/models")));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    await Promise.all(results.map((r) => r.text()));
    const codes = await Promise.all(results.filter((r) => r.status !== 200).map(async (r) => r.status));
    expect(codes.every((c) => c === 403)).toBe(true);
    expect(w.upstream.requests).toHaveLength(3);
    const { rows } = await w.db.query<{ uses: number }>(`select uses from agent_grants where id = $1`, [g.id]);
    expect(rows[0].uses).toBe(3);
    const after = await call(w, token, "GET", "/openai/v1/models");
    expect((await after.json()).error.code).toBe("grant_used_up");

    const expired = await makeAgent(w.db, w.a, "expired-grant");
    await grant(w.db, w.a, expired.agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", expiresAt: new Date(Date.now() - 1000) });
    const res = await call(w, expired.token, "GET", "/openai/v1/models");
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("grant_expired");
    expect((await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === expired.agent.id).map((r) => r.outcome)).toEqual(["grant_expired"]);
  });

  it("takes the rate slots and the use in one statement: parallel calls never pass the grant's rate, and refused ones spend no use", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "bursty");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", ratePerMinute: 3, maxUses: 10 });
    const results = await Promise.all(Array.from({ length: 8 }, () => call(w, token, "GET", "/openai/v1/models")));
    await Promise.all(results.map((r) => r.text()));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    expect(w.upstream.requests).toHaveLength(3);
    const { rows } = await w.db.query<{ uses: number }>(`select uses from agent_grants where id = $1`, [g.id]);
    expect(rows[0].uses).toBe(3);
  });

  it("answers every call while an admin edits the grant in the middle of them (the call and the grant lock rows in one order)", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "replaced-midway");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const calls = () => Array.from({ length: 6 }, () => call(w, token, "GET", "/openai/v1/models"));
    const [before, replaced, after] = await Promise.all([
      Promise.all(calls()), grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 100 }), Promise.all(calls()),
    ]);
    await Promise.all([...before, ...after].map((r) => r.text()));
    // A call lands on the grant before or after the edit: never an error.
    expect([...before, ...after].map((r) => r.status).filter((st) => st !== 200 && st !== 403)).toEqual([]);
    expect(replaced.maxUses).toBe(100);
  });

  it("with a host that keeps work alive, writes the audit event once the answer has ended, and records the agent's last use", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "after-answer");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const kept: Promise<unknown>[] = [];
    const host = { ...w, deps: { ...w.deps, waitUntil: (task: Promise<unknown>) => { kept.push(task); } } };
    const res = await call(host, token, "GET", "/openai/v1/models", { headers: { "x-forwarded-for": "198.51.100.4" } });
    expect(await res.json()).toMatchObject({ object: "list" });
    expect(kept).toHaveLength(1);
    await Promise.all(kept);
    const [row] = (await auditRows(w, w.a.orgId, "agent.call")).filter((r) => r.actor_agent_id === agent.id);
    expect(row).toMatchObject({ outcome: "forwarded", metadata: expect.objectContaining({ upstream_status: 200, path: "/v1/models" }) });
    expect(Number(row.metadata.bytes_out)).toBeGreaterThan(0);
    const { rows } = await w.db.query<{ last_used_at: Date | null }>(`select last_used_at from agents where id = $1`, [agent.id]);
    expect(rows[0].last_used_at).not.toBeNull();
  });

  it("gives the use back when the stored credential does not open, and answers 409", async () => {
    const org = await makeOrg(w.db, `agproxy-c-${kind}`);
    const id = await storeCredential(w.deps, org, "openai", { apiKey: openaiKey("brokenkey") });
    await w.db.query(`update integration_secrets set ciphertext = decode(case when get_byte(ciphertext, 0) = 0 then '01' else '00' end, 'hex') || substring(ciphertext from 2) where integration_id = $1`, [id]);
    const other = await makeAgent(w.db, org, "broken-key");
    const g = await grant(w.db, org, other.agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 1 });
    const res = await call(w, other.token, "GET", "/openai/v1/models");
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("credential_missing");
    const { rows } = await w.db.query<{ uses: number }>(`select uses from agent_grants where id = $1`, [g.id]);
    expect(rows[0].uses).toBe(0);
    expect(w.upstream.requests).toHaveLength(0);
  });

  it("refuses headers HTTP does not allow (as MCP's call_provider may pass) before a use is spent", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "bad-headers");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 1 });
    const principal = (await authenticateAgent(w.db, token, "203.0.113.9"))!;
    const upstreamBefore = w.upstream.requests.length;
    for (const headers of [{ "bad name": "x" }, { "x-note": "line\nbreak" }] as Record<string, string>[]) {
      await expect(brokerCall(w.deps, principal, { provider: "openai", method: "GET", path: "/v1/models", headers })).rejects.toMatchObject({ code: "invalid_request" });
    }
    expect(w.upstream.requests.length).toBe(upstreamBefore);
    const { rows } = await w.db.query<{ uses: number }>(`select uses from agent_grants where id = $1`, [g.id]);
    expect(rows[0].uses).toBe(0);
    expect((await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === agent.id).map((r) => r.outcome)).toEqual(["invalid_request", "invalid_request"]);
    expect((await brokerCall(w.deps, principal, { provider: "openai", method: "GET", path: "/v1/models" })).status).toBe(200);
  });

  it("refuses a revoked agent, an expired agent, a bad token and another org's agent", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "soon-revoked");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    expect((await call(w, token, "GET", "/openai/v1/models")).status).toBe(200);
    await revokeAgent(w.db, adminActor(w.a), w.a.orgId, agent.id);
    const revoked = await call(w, token, "GET", "/openai/v1/models");
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.code).toBe("agent_revoked");
    expect((await auditRows(w, w.a.orgId, "agent.revoke")).at(-1)).toMatchObject({ actor_type: "user", outcome: "revoked" });

    const old = await makeAgent(w.db, w.a, "old", { expiresAt: new Date(Date.now() - 1000) });
    expect((await (await call(w, old.token, "GET", "/openai/v1/models")).json()).error.code).toBe("agent_expired");
    expect((await (await call(w, `${token.slice(0, -2)}xx`, "GET", "/openai/v1/models")).json()).error.code).toBe("invalid_agent_token");
    expect((await (await call(w, null, "GET", "/openai/v1/models")).json()).error.code).toBe("missing_agent_token");

    // Org B's agent: no grant of its own, and org B's admin cannot grant it org A's credential.
    const other = await makeAgent(w.db, w.b, "outsider");
    const denied = await call(w, other.token, "GET", "/openai/v1/models");
    expect(denied.status).toBe(403);
    expect((await denied.json()).error.code).toBe("no_grant");
    const { rows } = await w.db.query<{ id: string }>(`select id from integrations where org_id = $1 and provider = 'openai'`, [w.a.orgId]);
    const cross = await setGrant(w.db, adminActor(w.b), { orgId: w.b.orgId, agentId: other.agent.id, provider: "openai", integrationId: rows[0].id, operations: ["proxy"], preset: "read-only", createdBy: w.b.users.admin });
    expect(cross.kind).toBe("bad_input");
    const stolen = await setGrant(w.db, adminActor(w.b), { orgId: w.b.orgId, agentId: agent.id, provider: "openai", integrationId: null, operations: ["proxy"], preset: "read-only", createdBy: w.b.users.admin });
    expect(stolen.kind).toBe("not_found");
    expect(w.upstream.requests).toHaveLength(1);
    // The refusal lands in org B's own log, never in org A's.
    expect((await auditRows(w, w.b.orgId, "agent.refused")).map((r) => r.outcome)).toEqual(["no_grant"]);
  });

  it("records a revoked or expired agent's refused call in its usage log, and nothing for a token whose secret does not match", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "revoked-logged");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    await revokeAgent(w.db, adminActor(w.a), w.a.orgId, agent.id);
    expect((await (await call(w, token, "GET", "/openai/v1/models?limit=1", { headers: { "x-forwarded-for": "198.51.100.9" } })).json()).error.code).toBe("agent_revoked");
    const old = await makeAgent(w.db, w.a, "expired-logged", { expiresAt: new Date(Date.now() - 1000) });
    expect((await (await call(w, old.token, "GET", "/openai/v1/models")).json()).error.code).toBe("agent_expired");
    // The revoked agent's prefix with another secret, a live agent's prefix with another secret, garbage: no row for anyone.
    const live = await makeAgent(w.db, w.a, "live-guessed");
    const before = (await auditRows(w, w.a.orgId, "agent.refused")).length;
    for (const guess of [`${token.slice(0, -2)}xx`, `sba_${live.agent.prefix}_${"A".repeat(43)}`, "sba_zzzzzzzz_nothing", "garbage"]) {
      expect((await (await call(w, guess, "GET", "/openai/v1/models")).json()).error.code).toBe("invalid_agent_token");
    }
    expect(await auditRows(w, w.a.orgId, "agent.refused")).toHaveLength(before);

    const [revoked] = await agentUsage(w.db, w.a.orgId, agent.id);
    expect(revoked).toMatchObject({ action: "agent.refused", provider: "openai", outcome: "agent_revoked", metadata: { operation: "proxy", method: "GET", path: "/v1/models?limit" } });
    expect(await agentUsage(w.db, w.a.orgId, old.agent.id)).toEqual([expect.objectContaining({ action: "agent.refused", outcome: "agent_expired" })]);
    const [row] = (await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === agent.id);
    expect(row).toMatchObject({ actor_type: "agent", actor_name: "revoked-logged" });
    // A refusal is not a use.
    const { rows } = await w.db.query<{ last_used_at: Date | null }>(`select last_used_at from agents where id = $1`, [old.agent.id]);
    expect(rows[0].last_used_at).toBeNull();
  });

  it("never follows a redirect to another host, and strips cookies and an echoed key from headers and body", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "echo");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "custom", rulesText: "GET /v1/redirect\nGET,POST /v1/echo\nGET /v1/stream" });
    const redirected = await call(w, token, "GET", "/openai/v1/redirect");
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe("http://elsewhere.example/steal");
    await redirected.text();
    expect(w.upstream.requests).toHaveLength(1);
    const [redirectAudit] = (await auditRows(w, w.a.orgId, "agent.call")).slice(-1);
    expect(redirectAudit.metadata).toMatchObject({ upstream_status: 302, redirect_not_followed: "elsewhere.example" });

    const echoed = await call(w, token, "POST", "/openai/v1/echo", { body: '{"hello":"world"}', headers: { "content-type": "application/json" } });
    expect(echoed.status).toBe(200);
    expect(echoed.headers.get("set-cookie")).toBeNull();
    expect(echoed.headers.get("x-echo-key")).toBeNull();
    const text = await echoed.text();
    expect(text).not.toContain(key);
    expect(text).toContain("[redacted by Switchboard]");
    expect(JSON.parse(text).body).toBe('{"hello":"world"}');
    expect(w.upstream.requests[1].headers["content-type"]).toBe("application/json");

    const streamed = await call(w, token, "GET", "/openai/v1/stream");
    const body = Buffer.from(await streamed.arrayBuffer()).toString("utf8");
    expect(body).not.toContain(key);
    expect(body.length).toBe(STREAM_CHUNKS * STREAM_CHUNK.length + "[redacted by Switchboard]".length);
    const [streamAudit] = (await auditRows(w, w.a.orgId, "agent.call")).slice(-1);
    expect(streamAudit.metadata).toMatchObject({ path: "/v1/stream", bytes_out: body.length, upstream_status: 200 });
  });

  it("answers 409 with a credential request filed (then joined) as the agent when the org has no usable key", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "needs-anthropic");
    await grant(w.db, w.a, agent.id, { provider: "anthropic", operations: ["proxy"], preset: "messages" });
    const first = await call(w, token, "GET", "/anthropic/v1/models");
    expect(first.status).toBe(409);
    const a = (await first.json()).error;
    expect(a).toMatchObject({ code: "credential_missing", provider: "anthropic" });
    expect(a.approval_url).toBe(`http://switchboard.test/${w.a.slug}/requests/${a.request_id}`);
    const second = await (await call(w, token, "GET", "/anthropic/v1/models")).json();
    expect(second.error.request_id).toBe(a.request_id);
    const { rows } = await w.db.query<{ requester_type: string; requester_agent_id: string; requester: string; state: string }>(
      `select requester_type, requester_agent_id, requester, state from credential_requests where id = $1`, [a.request_id]);
    expect(rows[0]).toEqual({ requester_type: "agent", requester_agent_id: agent.id, requester: `agent:${agent.id}`, state: "pending" });
    expect(w.upstream.requests).toHaveLength(0);
    const created = (await auditRows(w, w.a.orgId, "request.create")).at(-1)!;
    expect(created).toMatchObject({ actor_type: "agent", actor_name: "needs-anthropic" });
    const refusals = (await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === agent.id);
    expect(refusals.map((r) => [r.outcome, r.metadata.request_id])).toEqual([["credential_missing", a.request_id], ["credential_missing", a.request_id]]);
  });

  it("adds the version header Anthropic requires unless the agent names one", async () => {
    const anthropicKey = `sk-ant-api03-${"Qw7e".repeat(10)}`;
    w.upstream.keys.add(anthropicKey);
    await storeCredential(w.deps, w.b, "anthropic", { apiKey: anthropicKey });
    const { token, agent } = await makeAgent(w.db, w.b, "claude-user");
    await grant(w.db, w.b, agent.id, { provider: "anthropic", operations: ["proxy"], preset: "messages" });
    const plain = await call(w, token, "GET", "/anthropic/v1/models");
    expect(plain.status).toBe(200);
    expect(w.upstream.requests[0].headers["anthropic-version"]).toBe("2023-06-01");
    expect(w.upstream.requests[0].headers["x-api-key"]).toBe(anthropicKey);
    const pinned = await call(w, token, "GET", "/anthropic/v1/models", { headers: { "anthropic-version": "2099-01-01" } });
    expect(pinned.status).toBe(200);
    expect(w.upstream.requests[1].headers["anthropic-version"]).toBe("2099-01-01");
  });

  it("lists an agent's usage newest first, also past a power of ten in audit ids", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "counted");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    // Sorted as text, "1000" comes before "998": start the ids just below the next power of ten.
    const { rows: [{ max }] } = await w.db.query<{ max: string }>(`select coalesce(max(id), 0)::text as max from audit_events`);
    const next = 10 ** String(Number(max) + 2).length;
    await w.db.query(`select setval(pg_get_serial_sequence('audit_events', 'id'), $1)`, [next - 3]);
    // Each call is audited once its answer has been read through.
    for (let i = 0; i < 5; i++) expect((await (await call(w, token, "GET", "/openai/v1/models")).json()).object).toBe("list");
    const usage = await agentUsage(w.db, w.a.orgId, agent.id);
    const ids = usage.map((u) => Number(u.id));
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(ids[0]).toBeGreaterThanOrEqual(next);
  });

  it("limits calls per grant with Retry-After, and caps the request body", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "chatty");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "custom", rulesText: "GET,POST /v1/**", ratePerMinute: 2 });
    expect((await call(w, token, "GET", "/openai/v1/models")).status).toBe(200);
    expect((await call(w, token, "GET", "/openai/v1/models")).status).toBe(200);
    const limited = await call(w, token, "GET", "/openai/v1/models");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("rate_limited");

    const big = await makeAgent(w.db, w.a, "big");
    await grant(w.db, w.a, big.agent.id, { provider: "openai", operations: ["proxy"], preset: "custom", rulesText: "POST /v1/echo" });
    const small = { ...w, deps: { ...w.deps, limits: { maxRequestBytes: 100 } } };
    const tooLarge = await call(small, big.token, "POST", "/openai/v1/echo", { body: "x".repeat(101) });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).error.code).toBe("request_too_large");
    const { rows } = await w.db.query<{ uses: number }>(`select uses from agent_grants where agent_id = $1`, [big.agent.id]);
    expect(rows[0].uses).toBe(0);
  });

  it("records a right token used from an address the agent may not call from, and forwards nothing", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "office-only", { allowedCidrs: ["10.0.0.0/8"] });
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const sent = w.upstream.requests.length;
    // No proxy is trusted here: a forwarded-for header naming an allowed address is not the caller's address.
    const res = await call(w, token, "GET", "/openai/v1/models", { headers: { "x-forwarded-for": "10.1.2.3" } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("agent_address_not_allowed");
    expect(w.upstream.requests).toHaveLength(sent);
    const [row] = await agentUsage(w.db, w.a.orgId, agent.id);
    expect(row).toMatchObject({ action: "agent.refused", outcome: "agent_address_not_allowed", metadata: { operation: "proxy", method: "GET" } });
    const [audit] = (await auditRows(w, w.a.orgId, "agent.refused")).filter((r) => r.actor_agent_id === agent.id);
    expect(audit).toMatchObject({ actor_type: "agent", actor_name: "office-only", ip: null });
    // A wrong secret with the agent's prefix still writes nothing for the agent.
    await call(w, `sba_${agent.prefix}_${"C".repeat(43)}`, "GET", "/openai/v1/models");
    expect(await agentUsage(w.db, w.a.orgId, agent.id)).toHaveLength(1);
  });

  it("checks allowed source addresses and limits failed token attempts per address", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "office", { allowedCidrs: ["10.0.0.0/8", "2001:db8::/32"] });
    expect((await checkAgentToken(w.db, token, "10.1.2.3")).ok).toBe(true);
    expect((await checkAgentToken(w.db, token, "::ffff:10.9.9.9")).ok).toBe(true);
    expect((await checkAgentToken(w.db, token, "2001:db8::7")).ok).toBe(true);
    expect(await checkAgentToken(w.db, token, "192.168.1.1")).toMatchObject({ ok: false, reason: "address_not_allowed", agent: { agentId: agent.id, ip: "192.168.1.1" } });
    expect(await checkAgentToken(w.db, token, null)).toMatchObject({ ok: false, reason: "address_not_allowed", agent: { agentId: agent.id, ip: null } });
    const { rows } = await w.db.query<{ last_used_ip: string }>(`select last_used_ip from agents where id = $1`, [agent.id]);
    expect(rows[0].last_used_ip).toBe("2001:db8::7");

    // Successes give their slot back: many good calls never lock an address.
    for (let i = 0; i < AGENT_TOKEN_BUDGET.limit + 5; i++) expect((await checkAgentToken(w.db, token, "10.0.0.5")).ok).toBe(true);
    const wrong = `sba_${agent.prefix}_${"A".repeat(43)}`;
    const attempts = await Promise.all(Array.from({ length: AGENT_TOKEN_BUDGET.limit + 10 }, () => checkAgentToken(w.db, wrong, "10.0.0.6")));
    expect(attempts.filter((a) => !a.ok && a.reason === "invalid")).toHaveLength(AGENT_TOKEN_BUDGET.limit);
    expect(attempts.filter((a) => !a.ok && a.reason === "locked")).toHaveLength(10);
    // Once locked, even the right token is refused from that address (a guess that hits learns nothing).
    expect(await checkAgentToken(w.db, token, "10.0.0.6")).toMatchObject({ ok: false, reason: "locked" });
    expect(await authenticateAgent(w.db, token, "10.0.0.6")).toBeNull();
    expect(await authenticateAgent(w.db, token, "10.0.0.7")).toMatchObject({ agentId: agent.id, orgSlug: w.a.slug, name: "office" });
  });

  it("spends nothing for a right token from an address whose failed attempts are used up", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "locked-out");
    const g = await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only", maxUses: 5 });
    const wrong = `sba_${agent.prefix}_${"B".repeat(43)}`;
    // The proxy's caller has no known address here: the bucket every such caller shares.
    for (let i = 0; i < AGENT_TOKEN_BUDGET.limit; i++) await checkAgentToken(w.db, wrong, null);
    try {
      const res = await call(w, token, "GET", "/openai/v1/models");
      expect(res.status).toBe(429);
      expect((await res.json()).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/^Too many failed agent token attempts/) });
      expect(w.upstream.requests).toHaveLength(0);
      const { rows } = await w.db.query<{ uses: number; last: Date | null }>(
        `select g.uses, a.last_used_at as last from agent_grants g join agents a on a.id = g.agent_id where g.id = $1`, [g.id]);
      expect(rows[0]).toEqual({ uses: 0, last: null });
      const { rows: slots } = await w.db.query(`select key from auth_attempts where key like 'agent-rate:%' and key like $1`, [`%${agent.id}`]);
      expect(slots).toHaveLength(0);
    } finally {
      await w.db.query(`delete from auth_attempts where key like 'agent-token:address:%'`);
    }
  });

  it("refuses a credential name PostgreSQL cannot hold as naming no grant, not as an error", async () => {
    const { agent } = await makeAgent(w.db, w.a, "nul-name");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    const principal = { agentId: agent.id, orgId: w.a.orgId, orgSlug: w.a.slug, name: "nul-name", prefix: agent.prefix, ip: null, userAgent: null };
    await expect(brokerCall(w.deps, principal, { provider: "openai", method: "GET", path: "/v1/models", credential: "pro\u0000d", headers: {} }))
      .rejects.toMatchObject({ code: "no_grant" });
    await expect(brokerCall(w.deps, principal, { provider: "open\u0000ai", method: "GET", path: "/v1/models", headers: {} }))
      .rejects.toMatchObject({ code: "provider_not_proxied" });
    await expect(brokerCall(w.deps, principal, { provider: "openai", method: "G\u0000ET", path: "/v1/models", headers: {} }))
      .rejects.toMatchObject({ code: "method_not_granted" });
    expect(w.upstream.requests).toHaveLength(0);
  });
  it("writes a forwarded call's record once the database is back when the first attempt finds it restarting", async () => {
    const { token, agent } = await makeAgent(w.db, w.a, "through-restart");
    await grant(w.db, w.a, agent.id, { provider: "openai", operations: ["proxy"], preset: "read-only" });
    let refused = 0;
    const pending: Promise<unknown>[] = [];
    const db = {
      ...w.db,
      query: ((sql: string, params?: unknown[]) => {
        // The first two attempts at the call's record meet a server shutting down (57P01).
        if (sql.includes("insert into audit_events") && params?.[2] === "agent.call" && refused < 2) {
          refused++;
          return Promise.reject(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }));
        }
        return w.db.query(sql, params);
      }) as typeof w.db.query,
    };
    const deps = { ...w.deps, db, waitUntil: (p: Promise<unknown>) => { pending.push(p); } };
    const res = await proxyHandler(agentRequest("GET", "/api/v1/agent/proxy/openai/v1/models", token), { provider: "openai", path: ["v1", "models"] }, deps);
    expect(res.status).toBe(200);
    await res.text();
    await Promise.all(pending);
    expect(refused).toBe(2);
    const rows = (await auditRows(w, w.a.orgId, "agent.call")).filter((r) => r.actor_agent_id === agent.id);
    expect(rows).toEqual([expect.objectContaining({ outcome: "forwarded" })]);
  });
});
