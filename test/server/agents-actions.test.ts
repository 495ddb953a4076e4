import { createAgentAction } from "@/actions/agents/create-agent";
import { revokeAgentAction } from "@/actions/agents/revoke-agent";
import { revokeGrantAction } from "@/actions/agents/revoke-grant";
import { setGrantAction } from "@/actions/agents/set-grant";
import type { Db } from "@/lib/db/types";
import { freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

// The agent actions with a signed-in person and this test's database: who may call them, another
// org's agents and grants out of reach, and bad input answered at its field with nothing changed
// (what the changes do: agents-proxy.test.ts, events-writes.test.ts).
const mockCurrent = { db: undefined as undefined | Db, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.8", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db! }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe("agent actions", () => {
  let a: Awaited<ReturnType<typeof makeOrg>>;
  let b: Awaited<ReturnType<typeof makeOrg>>;
  const db = () => mockCurrent.db!;
  const as = (userId: string) => { mockCurrent.user.id = userId; };
  const count = async (table: "agents" | "agent_grants", orgId: string) =>
    (await db().query<{ n: number }>(`select count(*)::int as n from ${table} where org_id = $1`, [orgId])).rows[0].n;
  const grantForm = (agentId: string, over: Record<string, unknown> = {}) => ({
    orgSlug: a.slug, agentId, target: "default:openai", "op.proxy": "on", preset: "read-only", expiresInDays: "30", ...over,
  });

  beforeAll(async () => {
    mockCurrent.db = await freshDb("pglite");
    a = await makeOrg(mockCurrent.db, "ag-actions-a");
    b = await makeOrg(mockCurrent.db, "ag-actions-b");
  }, 120_000);
  afterAll(() => mockCurrent.db?.close());

  it("lets an admin create an agent (token shown once), grant it, and revoke the grant and the agent", async () => {
    as(a.users.admin);
    const created = await createAgentAction(null, { orgSlug: a.slug, name: "ci-bot", expiresInDays: "30", allowedCidrs: "10.0.0.0/8" });
    if (!created.ok) throw new Error(created.error);
    expect(created.data.token).toMatch(/^sba_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const { rows } = await db().query<{ secret_hash: string }>(`select secret_hash from agents where id = $1`, [created.data.agentId]);
    expect(rows[0].secret_hash).not.toContain(created.data.token.split("_")[2]);
    const granted = await setGrantAction(null, grantForm(created.data.agentId, { maxUses: "10" }));
    if (!granted.ok) throw new Error(granted.error);
    expect(await revokeGrantAction(null, { orgSlug: a.slug, grantId: granted.data.grantId })).toMatchObject({ ok: true, message: "Grant revoked." });
    expect(await revokeGrantAction(null, { orgSlug: a.slug, grantId: granted.data.grantId })).toMatchObject({ ok: false, status: 404 });
    expect(await revokeAgentAction(null, { orgSlug: a.slug, agentId: created.data.agentId })).toMatchObject({ ok: true, message: "Revoked ci-bot." });
    expect(await revokeAgentAction(null, { orgSlug: a.slug, agentId: created.data.agentId })).toMatchObject({ ok: false, status: 404 });
    // A revoked agent takes no new grant.
    expect(await setGrantAction(null, grantForm(created.data.agentId))).toMatchObject({ ok: false, status: 404, error: expect.stringMatching(/revoked or no longer exists/) });
  });

  it("refuses members every change, and changes nothing", async () => {
    as(a.users.admin);
    const created = await createAgentAction(null, { orgSlug: a.slug, name: "kept", expiresInDays: "7" });
    if (!created.ok) throw new Error(created.error);
    const granted = await setGrantAction(null, grantForm(created.data.agentId));
    if (!granted.ok) throw new Error(granted.error);
    const [agentsBefore, grantsBefore] = [await count("agents", a.orgId), await count("agent_grants", a.orgId)];
    as(a.users.member);
    const refused = { ok: false, status: 403, error: "Only an org owner or admin can do this." };
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "sneaky", expiresInDays: "7" })).toMatchObject(refused);
    expect(await setGrantAction(null, grantForm(created.data.agentId, { "op.reveal": "on" }))).toMatchObject(refused);
    expect(await revokeGrantAction(null, { orgSlug: a.slug, grantId: granted.data.grantId })).toMatchObject(refused);
    expect(await revokeAgentAction(null, { orgSlug: a.slug, agentId: created.data.agentId })).toMatchObject(refused);
    expect([await count("agents", a.orgId), await count("agent_grants", a.orgId)]).toEqual([agentsBefore, grantsBefore]);
    const { rows } = await db().query<{ revoked_at: Date | null }>(`select revoked_at from agents where id = $1`, [created.data.agentId]);
    expect(rows[0].revoked_at).toBeNull();
  });

  it("keeps another org's admin away from this org's agents and grants", async () => {
    as(a.users.admin);
    const created = await createAgentAction(null, { orgSlug: a.slug, name: "ours", expiresInDays: "7" });
    if (!created.ok) throw new Error(created.error);
    const granted = await setGrantAction(null, grantForm(created.data.agentId));
    if (!granted.ok) throw new Error(granted.error);
    as(b.users.admin);
    // Through org A's address: not a member there.
    expect(await revokeAgentAction(null, { orgSlug: a.slug, agentId: created.data.agentId })).toMatchObject({ ok: false, status: 403, error: "You do not have access to this organization." });
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "planted", expiresInDays: "7" })).toMatchObject({ ok: false, status: 403 });
    // Through its own org's address, naming org A's ids: not found there.
    expect(await revokeAgentAction(null, { orgSlug: b.slug, agentId: created.data.agentId })).toMatchObject({ ok: false, status: 404 });
    expect(await revokeGrantAction(null, { orgSlug: b.slug, grantId: granted.data.grantId })).toMatchObject({ ok: false, status: 404 });
    expect(await setGrantAction(null, { ...grantForm(created.data.agentId), orgSlug: b.slug })).toMatchObject({ ok: false, status: 404 });
    // Its own agent cannot be pointed at org A's credential.
    const own = await createAgentAction(null, { orgSlug: b.slug, name: "theirs", expiresInDays: "7" });
    if (!own.ok) throw new Error(own.error);
    const { rows: [cred] } = await db().query<{ id: string }>(
      `insert into integrations (org_id, provider, name, status, is_default) values ($1, 'openai', 'prod', 'PENDING', true) returning id`, [a.orgId]);
    expect(await setGrantAction(null, { ...grantForm(own.data.agentId), orgSlug: b.slug, target: cred.id }))
      .toMatchObject({ ok: false, status: 400, error: "That credential does not exist in this organization (it may have been deleted); reload the page to see the ones it has.", fieldErrors: { target: ["That credential does not exist in this organization (it may have been deleted); reload the page to see the ones it has."] } });
    const { rows } = await db().query<{ revoked_at: Date | null }>(`select revoked_at from agent_grants where id = $1`, [granted.data.grantId]);
    expect(rows[0].revoked_at).toBeNull();
    expect(await count("agents", a.orgId)).toBe(3);
  });

  it("answers bad input with a sentence at its field, and changes nothing", async () => {
    as(a.users.admin);
    const before = await count("agents", a.orgId);
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "", expiresInDays: "7" })).toMatchObject({ ok: false, status: 400, fieldErrors: { name: ["Name the agent, e.g. after what it does."] } });
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "nets", expiresInDays: "7", allowedCidrs: "203.0.113.7/24" }))
      .toMatchObject({ ok: false, status: 400, fieldErrors: { allowedCidrs: [expect.stringMatching(/did you mean 203\.0\.113\.0\/24/)] } });
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "when", expiresInDays: "2" })).toMatchObject({ ok: false, status: 400, fieldErrors: { expiresInDays: ["Choose when the agent expires."] } });
    expect(await count("agents", a.orgId)).toBe(before);
    const created = await createAgentAction(null, { orgSlug: a.slug, name: "picky", expiresInDays: "7" });
    if (!created.ok) throw new Error(created.error);
    expect(await createAgentAction(null, { orgSlug: a.slug, name: "PICKY", expiresInDays: "7" })).toMatchObject({ ok: false, status: 409, fieldErrors: { name: [expect.any(String)] } });
    const id = created.data.agentId;
    expect(await setGrantAction(null, grantForm(id, { "op.proxy": undefined }))).toMatchObject({ ok: false, status: 400, fieldErrors: { operations: ["Tick at least one of Proxy, Reveal and Env. To take a grant away, use Revoke."] } });
    expect(await setGrantAction(null, grantForm(id, { preset: "custom", rules: "FETCH /v1/models" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { rules: [expect.stringMatching(/FETCH is not a method/)] } });
    expect(await setGrantAction(null, grantForm(id, { preset: "custom", rules: "GET /v1/**/x" }))).toMatchObject({ ok: false, fieldErrors: { rules: [expect.stringMatching(/\*\* may only end a pattern/)] } });
    expect(await setGrantAction(null, grantForm(id, { maxUses: "0" }))).toMatchObject({ ok: false, fieldErrors: { maxUses: [expect.stringMatching(/from 1 to 1,000,000/)] } });
    expect(await setGrantAction(null, grantForm(id, { target: "default:nope_provider" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { target: [expect.stringMatching(/not a provider/)] } });
    expect(await setGrantAction(null, grantForm(id, { agentId: "not-a-uuid" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { agentId: ["Unknown agent."] } });
    expect(await revokeGrantAction(null, { orgSlug: a.slug, grantId: "x" })).toMatchObject({ ok: false, status: 400, fieldErrors: { grantId: ["Unknown grant."] } });
    expect(await count("agent_grants", a.orgId)).toBe(3);
  });

  it("saves a grant again from the form without moving its expiry, unless a new one is chosen", async () => {
    as(a.users.admin);
    const created = await createAgentAction(null, { orgSlug: a.slug, name: "resaved", expiresInDays: "7" });
    if (!created.ok) throw new Error(created.error);
    const id = created.data.agentId;
    // "keep" names an existing grant's expiry: a new grant has none to keep.
    expect(await setGrantAction(null, grantForm(id, { expiresInDays: "keep" }))).toMatchObject({ ok: false, status: 400, fieldErrors: { expiresInDays: ["There is no grant to keep the expiry of (it may have been revoked meanwhile); choose when it expires."] } });
    const first = await setGrantAction(null, grantForm(id, { expiresInDays: "never", maxUses: "5" }));
    if (!first.ok) throw new Error(first.error);
    const grantRow = async () => (await db().query<{ id: string; expires_at: Date | null; max_uses: number | null }>(
      `select id, expires_at, max_uses from agent_grants where agent_id = $1 and revoked_at is null`, [id])).rows;
    const again = await setGrantAction(null, grantForm(id, { expiresInDays: "keep", maxUses: "8" }));
    expect(again).toMatchObject({ ok: true, data: { grantId: first.data.grantId } });
    expect(await grantRow()).toEqual([{ id: first.data.grantId, expires_at: null, max_uses: 8 }]);
    expect(await setGrantAction(null, grantForm(id, { expiresInDays: "7", maxUses: "8" }))).toMatchObject({ ok: true });
    const [dated] = await grantRow();
    expect(dated.expires_at!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });
});
