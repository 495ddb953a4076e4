import { dismissNotification } from "@/lib/integrations/notifications";
import { renameIntegration, setDefaultIntegration } from "@/lib/integrations/named";
import { deleteIntegration, revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { eventsSince, latestEventId } from "@/lib/events/queries";
import { createOrgApiKey, revokeOrgApiKey } from "@/lib/api/manage-keys";
import { createAgent, revokeAgent, revokeGrant, setGrant } from "@/lib/agents/manage";
import { createInvite, revokeInvite, acceptInvite } from "@/lib/orgs/invites";
import { removeMember } from "@/lib/orgs/members";
import { getProvider } from "@/lib/providers";
import { apiWorld, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

const openai = getProvider("openai")!;

// Every write a person would want to see live leaves its event in the write's own transaction.
describe.each(dbKinds)("events from the product's writes on %s", (kind) => {
  let w: Awaited<ReturnType<typeof apiWorld>>;
  let cursor = "0";
  const actor = () => ({ userId: w.a.users.admin });
  /** The events since the last call, as [type, data]. */
  const newEvents = async () => {
    const events = await eventsSince(w.db, w.a.orgId, cursor, "admin");
    cursor = events.at(-1)?.id ?? cursor;
    return events.map((e) => [e.type, e.data]);
  };

  beforeAll(async () => {
    w = await apiWorld(kind, "evwrites");
  });
  afterAll(() => w.close());

  it("saving, re-checking, renaming, switching the default and deleting credentials", async () => {
    const good = openaiKey("evgood");
    w.fake.keys.set(good, "valid");
    const first = await setupIntegration(w.deps, actor(), { orgId: w.a.orgId, provider: openai, name: "production", credential: { apiKey: good }, skipValidation: false });
    if (first.kind !== "stored") throw new Error(first.kind);
    const second = await setupIntegration(w.deps, actor(), { orgId: w.a.orgId, provider: openai, name: "staging", credential: { apiKey: good }, skipValidation: false });
    if (second.kind !== "stored") throw new Error(second.kind);
    expect(await newEvents()).toEqual([
      ["credential.saved", { integrationId: first.integrationId, provider: "openai", name: "production", status: "VALID", via: "key" }],
      ["credential.saved", { integrationId: second.integrationId, provider: "openai", name: "staging", status: "VALID", via: "key" }],
    ]);

    // The key stops working: its status changes and a notification is raised, together.
    w.fake.keys.set(good, "invalid");
    await revalidateIntegration(w.deps, actor(), w.a.orgId, openai, first.integrationId);
    const [changed, raised] = await newEvents();
    expect(changed).toEqual(["integration.status_changed", { integrationId: first.integrationId, provider: "openai", name: "production", status: "INVALID", previous: "VALID" }]);
    expect(raised).toEqual(["notification.raised", { notificationId: expect.any(String), integrationId: first.integrationId, kind: "credential_invalid" }]);
    // Checked again with the same answer: no change, no event.
    await revalidateIntegration(w.deps, actor(), w.a.orgId, openai, first.integrationId);
    expect(await newEvents()).toEqual([]);
    // Working again: the status changes back and the notification closes itself.
    w.fake.keys.set(good, "valid");
    await revalidateIntegration(w.deps, actor(), w.a.orgId, openai, first.integrationId);
    expect(await newEvents()).toEqual([
      ["integration.status_changed", expect.objectContaining({ status: "VALID", previous: "INVALID" })],
      ["notification.resolved", { notificationId: (raised[1] as { notificationId: string }).notificationId, integrationId: first.integrationId, kind: "credential_invalid", dismissed: false }],
    ]);

    expect(await renameIntegration(w.db, actor(), w.a.orgId, "openai", second.integrationId, "production")).toEqual({ kind: "duplicate", taken: "production" });
    expect(await newEvents()).toEqual([]); // rolled back with the rename
    await renameIntegration(w.db, actor(), w.a.orgId, "openai", second.integrationId, "ci");
    await setDefaultIntegration(w.db, actor(), w.a.orgId, "openai", second.integrationId);
    expect(await deleteIntegration(w.deps, actor(), w.a.orgId, first.integrationId)).toBe(true);
    expect(await newEvents()).toEqual([
      ["credential.renamed", { integrationId: second.integrationId, provider: "openai", name: "ci", from: "staging" }],
      ["credential.default_changed", { integrationId: second.integrationId, provider: "openai", name: "ci", previous: "production" }],
      ["credential.deleted", { integrationId: first.integrationId, provider: "openai", name: "production" }],
    ]);

    // No event carries the key, its fingerprint's source or anything else secret.
    const all = JSON.stringify(await eventsSince(w.db, w.a.orgId, "0", "admin", 1000));
    expect(all).not.toContain(good);
    expect(all).not.toContain(good.slice(8, 30));
  });

  it("an admin dismissing a notification", async () => {
    const bad = openaiKey("evbad");
    w.fake.keys.set(bad, "valid");
    const saved = await setupIntegration(w.deps, actor(), { orgId: w.a.orgId, provider: openai, name: "dismiss-me", credential: { apiKey: bad }, skipValidation: false });
    if (saved.kind !== "stored") throw new Error(saved.kind);
    w.fake.keys.set(bad, "invalid");
    await revalidateIntegration(w.deps, actor(), w.a.orgId, openai, saved.integrationId);
    const raised = (await newEvents()).find(([type]) => type === "notification.raised")!;
    const { notificationId } = raised[1] as { notificationId: string };
    expect(await dismissNotification(w.db, w.a.orgId, notificationId, w.a.users.admin)).toBe(true);
    expect(await dismissNotification(w.db, w.a.orgId, notificationId, w.a.users.admin)).toBe(false);
    expect(await newEvents()).toEqual([["notification.resolved", { notificationId, integrationId: saved.integrationId, kind: "credential_invalid", dismissed: true }]]);
  });

  it("invitations (admins only) and members joining and leaving", async () => {
    const { code, row } = await createInvite(w.db, actor(), { orgId: w.a.orgId, role: "member", note: "Ada", createdBy: w.a.users.admin });
    const other = await createInvite(w.db, actor(), { orgId: w.a.orgId, role: "admin", note: "Bob", createdBy: w.a.users.admin });
    await revokeInvite(w.db, actor(), w.a.orgId, other.row.id);
    const joiner = await makeUser(w.db, "joiner");
    expect(await acceptInvite(w.db, { userId: joiner }, joiner, code)).toMatchObject({ ok: true });
    expect(await removeMember(w.db, w.a.orgId, joiner)).toBe("removed");
    expect(await newEvents()).toEqual([
      ["invitation.created", { invitationId: row.id, role: "member" }],
      ["invitation.created", { invitationId: other.row.id, role: "admin" }],
      ["invitation.revoked", { invitationId: other.row.id }],
      ["member.joined", { userId: joiner, role: "member" }],
      ["member.removed", { userId: joiner }],
    ]);
    const memberSees = (await eventsSince(w.db, w.a.orgId, "0", "member", 1000)).map((e) => e.type);
    expect(memberSees).not.toContain("invitation.created");
    expect(memberSees).toContain("member.joined");
    // Nothing in the other org.
    expect(await latestEventId(w.db, w.b.orgId)).toBe("0");
  });

  it("API keys created and revoked (admins only; never the key)", async () => {
    const { key, row } = await createOrgApiKey(w.db, actor(), { orgId: w.a.orgId, name: "ci", scopes: ["read"], createdBy: w.a.users.admin, expiresAt: null });
    expect(await revokeOrgApiKey(w.db, actor(), w.a.orgId, row.id)).not.toBeNull();
    expect(await revokeOrgApiKey(w.db, actor(), w.a.orgId, row.id)).toBeNull();
    expect(await newEvents()).toEqual([["api_key.created", { apiKeyId: row.id }], ["api_key.revoked", { apiKeyId: row.id }]]);
    const all = await eventsSince(w.db, w.a.orgId, "0", "admin", 1000);
    expect(JSON.stringify(all)).not.toContain(key.slice(-12));
    expect((await eventsSince(w.db, w.a.orgId, "0", "member", 1000)).map((e) => e.type)).not.toContain("api_key.created");
  });

  it("creating and revoking agents and giving, editing and revoking grants, for admins only and without the token", async () => {
    const created = await createAgent(w.db, actor(), { orgId: w.a.orgId, name: "ev-agent", description: null, expiresAt: null, allowedCidrs: [], createdBy: w.a.users.admin });
    if (created.kind !== "created") throw new Error(created.kind);
    const agentId = created.agent.id;
    const input = { orgId: w.a.orgId, agentId, provider: "openai", integrationId: null, operations: ["proxy" as const], preset: "read-only", createdBy: w.a.users.admin };
    const first = await setGrant(w.db, actor(), input);
    const second = await setGrant(w.db, actor(), { ...input, maxUses: 5 });
    if (first.kind !== "granted" || second.kind !== "granted") throw new Error("grant refused");
    expect(await revokeGrant(w.db, actor(), w.a.orgId, second.grant.id)).not.toBeNull();
    expect(await revokeGrant(w.db, actor(), w.a.orgId, second.grant.id)).toBeNull();
    expect(await revokeAgent(w.db, actor(), w.a.orgId, agentId)).not.toBeNull();
    expect(await revokeAgent(w.db, actor(), w.a.orgId, agentId)).toBeNull();
    expect(await newEvents()).toEqual([
      ["agent.created", { agentId }],
      ["agent.granted", { agentId, grantId: first.grant.id, provider: "openai", edited: false }],
      ["agent.granted", { agentId, grantId: first.grant.id, provider: "openai", edited: true }],
      ["agent.grant_revoked", { agentId, grantId: second.grant.id, provider: "openai" }],
      ["agent.revoked", { agentId }],
    ]);
    // A refused change (another org's admin granting this agent) leaves no event.
    const bBefore = await latestEventId(w.db, w.b.orgId);
    const foreign = await setGrant(w.db, { userId: w.b.users.admin }, { ...input, orgId: w.b.orgId, createdBy: w.b.users.admin });
    expect(foreign.kind).toBe("not_found");
    expect(await latestEventId(w.db, w.b.orgId)).toBe(bBefore);
    const all = JSON.stringify(await eventsSince(w.db, w.a.orgId, "0", "admin", 1000));
    expect(all).not.toContain(created.token.slice(-12));
    expect(all).not.toContain(created.agent.prefix);
    expect((await eventsSince(w.db, w.a.orgId, "0", "member", 1000)).map((e) => e.type).filter((t) => t.startsWith("agent."))).toEqual([]);
  });
});
