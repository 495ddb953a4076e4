import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UrlElicitationRequiredError, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { revokeAgent } from "@/lib/agents/manage";
import { openPostgres } from "@/lib/db/postgres";
import { createEventFeed } from "@/lib/events/feed";
import { postgresSource } from "@/lib/events/listeners";
import { setupIntegration } from "@/lib/integrations/service";
import type { McpDeps } from "@/lib/mcp/deps-types";
import { mcpHandler } from "@/lib/mcp/handler";
import { getProvider } from "@/lib/providers";
import { closePending } from "@/lib/requests/service";
import { adminActor, grant, makeAgent, openaiKey, storeCredential } from "../helpers/agents";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { mcpClient, mcpWorld } from "../helpers/mcp";
import { serveHandler } from "../helpers/serve-handler";

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;
const READ_ONLY = { preset: "read-only" };

describe.each(dbKinds)("MCP server on %s", (kind) => {
  let world: Awaited<ReturnType<typeof mcpWorld>>;
  let served: Awaited<ReturnType<typeof serveHandler>>;
  let url: string;
  let n = 0;
  /** A fresh org per test, so no test sees another's credentials or requests. */
  const org = () => makeOrg(world.db, `mcp-${n++}-${kind}`);

  beforeAll(async () => {
    world = await mcpWorld(kind, "mcp");
    served = await serveHandler((req) => mcpHandler(req, world.deps));
    url = served.url;
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    await world?.close();
  });

  const audit = async (agentId: string) => (await world.db.query<{ action: string; provider: string | null; outcome: string; actor_type: string }>(
    `select action, provider, outcome, actor_type from audit_events where actor_agent_id = $1 order by id`, [agentId])).rows;

  it("initializes, hands out a session id that records URL elicitation, and lists the four tools", async () => {
    const { token } = await makeAgent(world.db, await org(), "lister");
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      expect(mcp.client.getServerVersion()).toMatchObject({ name: "switchboard" });
      expect(mcp.transport.sessionId).toMatch(/^[A-Za-z0-9_-]{32}\.u\.[0-9]+$/);
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(["call_provider", "get_env", "list_integrations", "request_credential"]);
    } finally {
      await mcp.close();
    }
    const plain = await mcpClient(url, token, { urlElicitation: false });
    expect(plain.transport.sessionId).toMatch(/\.n\.[0-9]+$/);
    await plain.close();
  });

  it("lists a grant as not usable while its credential is missing, not configured, invalid or has no stored secret", async () => {
    const o = await org();
    const ids: Record<string, string> = {};
    for (const name of ["prod", "cleared", "failing", "emptied"]) ids[name] = await storeCredential(world.deps, o, "openai", { apiKey: openaiKey(`mcp${name}`) }, name);
    await world.db.query(`update integrations set status = 'NOT_CONFIGURED' where id = $1`, [ids.cleared]);
    await world.db.query(`update integrations set status = 'INVALID' where id = $1`, [ids.failing]);
    await world.db.query(`delete from integration_secrets where integration_id = $1`, [ids.emptied]);
    const { token, agent } = await makeAgent(world.db, o, "statuses");
    for (const name of Object.keys(ids)) await grant(world.db, o, agent.id, { provider: "openai", operations: ["proxy"], integrationId: ids[name], ...READ_ONLY });
    await grant(world.db, o, agent.id, { provider: "anthropic", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      const listed = await mcp.client.callTool({ name: "list_integrations", arguments: {} });
      const rows = (listed.structuredContent as { integrations: { provider: string; credential: { name: string } | null; status: string; usable: boolean }[] }).integrations;
      expect(rows.map((r) => [r.provider, r.credential?.name ?? null, r.status, r.usable]).sort()).toEqual([
        ["anthropic", null, "NOT_CONFIGURED", false],
        ["openai", "cleared", "NOT_CONFIGURED", false],
        ["openai", "emptied", "PENDING", false],
        ["openai", "failing", "INVALID", false],
        ["openai", "prod", "PENDING", true],
      ]);
    } finally {
      await mcp.close();
    }
  });

  it("calls a provider within the grant: the answer comes back, the key never does, and each tool is audited with the agent as actor", async () => {
    const o = await org();
    const key = openaiKey("mcpin");
    world.upstream.keys.add(key);
    await storeCredential(world.deps, o, "openai", { apiKey: key });
    const { token, agent } = await makeAgent(world.db, o, "reader");
    await grant(world.db, o, agent.id, { provider: "openai", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      const listed = await mcp.client.callTool({ name: "list_integrations", arguments: {} });
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent).toMatchObject({ integrations: [{ provider: "openai", operations: ["proxy"], usable: true }] });
      const before = world.upstream.requests.length;
      const res = await mcp.client.callTool({ name: "call_provider", arguments: { provider: "openai", method: "GET", path: "/v1/models" } });
      expect(res.isError).toBeFalsy();
      expect(text(res)).toMatch(/^HTTP 200/);
      expect(text(res)).toContain("gpt-4o");
      expect(JSON.stringify(res)).not.toContain(key);
      // The provider saw the key: Switchboard added it.
      const upstream = world.upstream.requests.slice(before);
      expect(upstream.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models"]);
      expect(upstream[0].headers.authorization).toBe(`Bearer ${key}`);
    } finally {
      await mcp.close();
    }
    const rows = await audit(agent.id);
    expect(rows.map((r) => [r.action, r.actor_type])).toEqual([["agent.list", "agent"], ["agent.call", "agent"]]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it("refuses calls outside the grant (another method, a provider not granted, env without an env grant) with a sentence, forwarding nothing", async () => {
    const o = await org();
    const key = openaiKey("mcpout");
    world.upstream.keys.add(key);
    await storeCredential(world.deps, o, "openai", { apiKey: key });
    const { token, agent } = await makeAgent(world.db, o, "narrow");
    await grant(world.db, o, agent.id, { provider: "openai", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      const before = world.upstream.requests.length;
      const post = await mcp.client.callTool({ name: "call_provider", arguments: { provider: "openai", method: "POST", path: "/v1/chat/completions", body: "{}" } });
      expect(post.isError).toBe(true);
      expect(text(post)).toContain("does not allow POST");
      expect(post.structuredContent).toMatchObject({ code: "method_not_granted" });
      // A JSON body given as an object is taken (as its JSON text), not refused as the wrong type.
      const objectBody = await mcp.client.callTool({ name: "call_provider", arguments: { provider: "openai", method: "POST", path: "/v1/chat/completions", body: { model: "x" } } });
      expect(objectBody.structuredContent).toMatchObject({ code: "method_not_granted" });
      const other = await mcp.client.callTool({ name: "call_provider", arguments: { provider: "mistral", method: "GET", path: "/v1/models" } });
      expect(other.isError).toBe(true);
      expect(other.structuredContent).toMatchObject({ code: "no_grant" });
      const env = await mcp.client.callTool({ name: "get_env", arguments: {} });
      expect(env.isError).toBe(true);
      expect(text(env)).toContain("no env grant");
      expect(world.upstream.requests.length).toBe(before);
    } finally {
      await mcp.close();
    }
    expect((await audit(agent.id)).filter((r) => r.action === "agent.refused").map((r) => r.outcome)).toEqual(["method_not_granted", "method_not_granted", "no_grant", "operation_not_granted"]);
  });

  it("hands an env grant's credentials to get_env, audited", async () => {
    const o = await org();
    const key = openaiKey("mcpenv");
    await storeCredential(world.deps, o, "openai", { apiKey: key });
    const { token, agent } = await makeAgent(world.db, o, "env-puller");
    await grant(world.db, o, agent.id, { provider: "openai", operations: ["env"] });
    const mcp = await mcpClient(url, token, { urlElicitation: false });
    try {
      const res = await mcp.client.callTool({ name: "get_env", arguments: {} });
      expect(res.isError).toBeFalsy();
      expect(text(res)).toContain(`OPENAI_API_KEY='${key}'`);
    } finally {
      await mcp.close();
    }
    expect((await audit(agent.id)).map((r) => r.action)).toEqual(["agent.env"]);
  });

  it("answers a missing credential with the URL elicitation, completes it when an admin adds the key, and the retried call goes through", async () => {
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "asker");
    await grant(world.db, o, agent.id, { provider: "openai", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      const args = { provider: "openai", method: "GET", path: "/v1/models" };
      const err = await mcp.client.callTool({ name: "call_provider", arguments: args }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UrlElicitationRequiredError);
      const [elicitation] = (err as UrlElicitationRequiredError).elicitations;
      const { rows } = await world.db.query<{ id: string; state: string }>(`select id, state from credential_requests where requester_agent_id = $1`, [agent.id]);
      expect(rows).toEqual([{ id: elicitation.elicitationId, state: "pending" }]);
      // The request's approval page: nothing in the link but the org and the request id.
      expect(elicitation).toMatchObject({ mode: "url", url: `http://switchboard.test/${o.slug}/requests/${rows[0].id}` });
      expect(elicitation.message).toContain(elicitation.url);
      expect((err as Error).message).toContain(elicitation.url);

      const key = openaiKey("mcpask");
      world.upstream.keys.add(key);
      const done = mcp.completed(elicitation.elicitationId);
      // The admin adds the key; it passes its check, which fulfils the pending request.
      const saved = await setupIntegration(world.deps, adminActor(o), { orgId: o.orgId, provider: getProvider("openai")!, name: "default", credential: { apiKey: key }, skipValidation: false });
      expect(saved.kind).toBe("stored");
      await done;
      const res = await mcp.client.callTool({ name: "call_provider", arguments: args });
      expect(res.isError).toBeFalsy();
      expect(text(res)).toContain("gpt-4o");
      expect(JSON.stringify(res)).not.toContain(key);
    } finally {
      await mcp.close();
    }
  });

  it("tells a client without URL elicitation what to open in the tool result, and offers it no stream", async () => {
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "plain");
    await grant(world.db, o, agent.id, { provider: "mistral", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(url, token, { urlElicitation: false });
    try {
      const res = await mcp.client.callTool({ name: "call_provider", arguments: { provider: "mistral", method: "GET", path: "/v1/models" } });
      expect(res.isError).toBe(true);
      const { rows } = await world.db.query<{ id: string }>(`select id from credential_requests where requester_agent_id = $1`, [agent.id]);
      const page = `http://switchboard.test/${o.slug}/requests/${rows[0].id}`;
      expect(text(res)).toContain(`open ${page}`);
      expect(res.structuredContent).toEqual({ requestId: rows[0].id, approvalUrl: page });
      const get = await fetch(`${url}/api/mcp`, { headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream", "Mcp-Session-Id": mcp.transport.sessionId! } });
      expect(get.status).toBe(405);
    } finally {
      await mcp.close();
    }
  });

  it("files requests with request_credential and answers their approval pages at once", async () => {
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "requester");
    const mcp = await mcpClient(url, token, { urlElicitation: true });
    try {
      const res = await mcp.client.callTool({ name: "request_credential", arguments: { providers: ["stripe"], reason: "The billing job needs it." } });
      expect(res.isError).toBeFalsy();
      const { rows } = await world.db.query<{ id: string; provider: string; reason: string }>(
        `select id, provider, reason from credential_requests where requester_agent_id = $1`, [agent.id]);
      expect(rows).toEqual([{ id: expect.any(String), provider: "stripe", reason: "The billing job needs it." }]);
      expect(res.structuredContent).toMatchObject({ requestId: rows[0].id, approvalUrl: `http://switchboard.test/${o.slug}/requests/${rows[0].id}` });
      const bad = await mcp.client.callTool({ name: "request_credential", arguments: { providers: ["nope"], reason: "Needed for the tests." } });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toContain("not a provider");
    } finally {
      await mcp.close();
    }
  });

  it("refuses a token revoked mid-session on its next request", async () => {
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "revoked");
    const mcp = await mcpClient(url, token, { urlElicitation: false });
    try {
      expect((await mcp.client.callTool({ name: "list_integrations", arguments: {} })).isError).toBeFalsy();
      expect(await revokeAgent(world.db, adminActor(o), o.orgId, agent.id)).not.toBeNull();
      const err = await mcp.client.callTool({ name: "list_integrations", arguments: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StreamableHTTPError);
      expect((err as StreamableHTTPError).code).toBe(401);
      expect((err as Error).message).toContain("revoked");
      expect((await audit(agent.id)).at(-1)).toMatchObject({ action: "agent.refused", outcome: "agent_revoked", actor_type: "agent" });
    } finally {
      await mcp.close();
    }
  });

  it("ends a revoked agent's notification stream at its next heartbeat", async () => {
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "streamer");
    const fast = await serveHandler((req) => mcpHandler(req, { ...world.deps, heartbeatMs: 25 }));
    const open = () => fetch(`${fast.url}/api/mcp`, { headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream", "Mcp-Session-Id": `${"a".repeat(32)}.u.0` } });
    try {
      const res = await open();
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toContain("retry:");
      await revokeAgent(world.db, adminActor(o), o.orgId, agent.id);
      while (!(await reader.read()).done) { /* heartbeats until the re-check ends it */ }
      expect((await open()).status).toBe(401);
    } finally {
      await fast.close();
    }
  });

  it("keeps each agent to its own: another org's agent sees none of our grants, and no stream completes another agent's requests", async () => {
    const ours = await org();
    const theirs = await org();
    await storeCredential(world.deps, ours, "openai", { apiKey: openaiKey("mcpours") });
    const a = await makeAgent(world.db, ours, "ours");
    const b = await makeAgent(world.db, theirs, "theirs");
    const c = await makeAgent(world.db, ours, "colleague");
    for (const [o, x] of [[ours, a], [theirs, b], [ours, c]] as const) await grant(world.db, o, x.agent.id, { provider: "mistral", operations: ["proxy"], ...READ_ONLY });
    await grant(world.db, ours, a.agent.id, { provider: "openai", operations: ["proxy"], ...READ_ONLY });
    const ca = await mcpClient(url, a.token, { urlElicitation: true });
    const cb = await mcpClient(url, b.token, { urlElicitation: true });
    const cc = await mcpClient(url, c.token, { urlElicitation: true });
    try {
      const listed = await cb.client.callTool({ name: "list_integrations", arguments: {} });
      expect(listed.structuredContent).toMatchObject({ integrations: [{ provider: "mistral" }] });
      const call = await cb.client.callTool({ name: "call_provider", arguments: { provider: "openai", method: "GET", path: "/v1/models" } });
      expect(call.isError).toBe(true);
      const args = { provider: "mistral", method: "GET", path: "/v1/models" };
      const ea = (await ca.client.callTool({ name: "call_provider", arguments: args }).catch((e: unknown) => e)) as UrlElicitationRequiredError;
      const eb = (await cb.client.callTool({ name: "call_provider", arguments: args }).catch((e: unknown) => e)) as UrlElicitationRequiredError;
      expect(ea.elicitations[0].url).toContain(`/${ours.slug}/requests/`);
      expect(eb.elicitations[0].url).toContain(`/${theirs.slug}/requests/`);
      const idA = ea.elicitations[0].elicitationId;
      const idB = eb.elicitations[0].elicitationId;
      const ec = (await cc.client.callTool({ name: "call_provider", arguments: args }).catch((e: unknown) => e)) as UrlElicitationRequiredError;
      const idC = ec.elicitations[0].elicitationId;
      // Ours is resolved first: had it reached the other streams (another org's, a colleague's in ours), it would have come before their own.
      for (const [o, id] of [[ours, idA], [theirs, idB], [ours, idC]] as const) {
        expect((await closePending(world.db, adminActor(o), o.orgId, id, "declined")).kind).toBe("done");
      }
      await ca.completed(idA);
      await cb.completed(idB);
      await cc.completed(idC);
      expect(ca.seen).toEqual([idA]);
      expect(cb.seen).toEqual([idB]);
      expect(cc.seen).toEqual([idC]);
    } finally {
      await ca.close();
      await cb.close();
      await cc.close();
    }
  });

  // Two instances behind one database: each with its own connections and its own LISTEN, as two `next start` processes.
  (kind === "postgres" ? it : it.skip)("serves one client from two instances: POSTs alternate, the stream is on the second, a revocation holds on both", async () => {
    const dbB = openPostgres(world.databaseUrl!, 4);
    const feedB = createEventFeed(dbB, postgresSource({ connectionString: world.databaseUrl! }));
    const depsB: McpDeps = { ...world.deps, db: dbB, feed: feedB };
    let posts = 0;
    const pair = await serveHandler((req) => mcpHandler(req, req.method === "GET" || posts++ % 2 === 1 ? depsB : world.deps));
    const o = await org();
    const { token, agent } = await makeAgent(world.db, o, "spread");
    await grant(world.db, o, agent.id, { provider: "mistral", operations: ["proxy"], ...READ_ONLY });
    const mcp = await mcpClient(pair.url, token, { urlElicitation: true });
    try {
      const err = (await mcp.client.callTool({ name: "call_provider", arguments: { provider: "mistral", method: "GET", path: "/v1/models" } })
        .catch((e: unknown) => e)) as UrlElicitationRequiredError;
      const id = err.elicitations[0].elicitationId;
      const done = mcp.completed(id);
      // Resolved through the first instance's connection; heard by the second's LISTEN.
      expect((await closePending(world.db, adminActor(o), o.orgId, id, "declined")).kind).toBe("done");
      await done;
      expect((await mcp.client.callTool({ name: "list_integrations", arguments: {} })).isError).toBeFalsy();
      await revokeAgent(world.db, adminActor(o), o.orgId, agent.id);
      for (let i = 0; i < 2; i++) {
        const refused = await mcp.client.callTool({ name: "list_integrations", arguments: {} }).catch((e: unknown) => e);
        expect((refused as StreamableHTTPError).code).toBe(401);
      }
    } finally {
      await mcp.close();
      await pair.close();
      await feedB.close();
      await dbB.close();
    }
  });

  it("refuses what is not an MCP request from an agent: no token, another site's page, a foreign session id, a body past the limit, bad JSON, DELETE", async () => {
    const { token } = await makeAgent(world.db, await org(), "edges");
    const init = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } } });
    const post = (headers: Record<string, string>, body = init) => fetch(`${url}/api/mcp`, {
      method: "POST", body, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await none.json()).error.message).toContain("Authorization: Bearer");
    expect((await post({ authorization: "Bearer sba_nope" })).status).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    expect((await post({ ...auth, origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ ...auth, "mcp-session-id": "not-ours" })).status).toBe(404);
    expect((await post(auth, "{not json")).status).toBe(400);
    expect((await fetch(`${url}/api/mcp`, { method: "DELETE", headers: auth })).status).toBe(405);
    const ok = await post(auth);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("mcp-session-id")).toMatch(/\.n\.[0-9]+$/);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    // Last: the refused body is left unread, so its connection is not reused.
    expect((await post(auth, "x".repeat(1024 * 1024 + 1))).status).toBe(413);
  });
});
