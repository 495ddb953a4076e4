import type { Nango } from "@nangohq/node";
import type { Db } from "@/lib/db/types";
import { createNango } from "@/lib/oauth/nango";
import { connectionChangedSince, dbNow, forgetDeliveries } from "@/lib/oauth/queries";
import { handleNangoWebhook } from "@/lib/oauth/webhook";
import { startNangoFake, type NangoFake } from "../fakes/nango-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

const actor = { userId: null, ip: "198.51.100.7", userAgent: "Nango webhook" };

describe.each(dbKinds)("Nango's auth webhook on %s", (kind) => {
  let db: Db;
  let fake: NangoFake;
  let nango: Nango;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const connectionId = "3f1c6a52-9d1e-4c55-a0b7-5a2f3d4e6b70";
  const deliver = (hook: { raw: string; headers: Record<string, string> }) => handleNangoWebhook(nango, async () => db, hook.raw, hook.headers, actor);
  const creation = () => fake.authWebhook({
    connectionId, providerConfigKey: "slack", provider: "slack", operation: "creation", success: true,
    endUser: { endUserId: org.users.admin, organizationId: org.orgId, tags: {} },
    tags: { end_user_id: org.users.admin, end_user_email: "admin@example.test", organization_id: org.orgId, switchboard_provider: "slack", credential_name: "workspace" },
  });
  const refreshFailure = () => fake.authWebhook({
    connectionId, providerConfigKey: "slack", provider: "slack", operation: "refresh", success: false,
    error: { type: "refresh_token_external_error", description: "invalid_grant: Token has been expired or revoked." },
  });
  const row = async () => (await db.query<Record<string, unknown>>(
    `select id, status, check_reason, auth_type, nango_connection_id, account_label from integrations where org_id = $1 and provider = 'slack'`, [org.orgId])).rows;
  const audit = async () => (await db.query<{ action: string; outcome: string; actor_user_id: string | null }>(
    `select action, outcome, actor_user_id from audit_events where org_id = $1 and action like 'oauth.%' order by id`, [org.orgId])).rows;

  const openNotifications = async () => (await db.query(
    `select kind, message from notifications where org_id = $1 and resolved_at is null`, [org.orgId])).rows;

  beforeAll(async () => {
    db = await freshDb(kind);
    fake = await startNangoFake();
    nango = createNango({ NANGO_SECRET_KEY: fake.secretKey, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.nango.dev" })!;
    org = await makeOrg(db, `hook-${kind}`);
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it("refuses a bad signature with 401 and changes nothing, not even the delivery log", async () => {
    const forged = fake.authWebhook(JSON.parse(creation().raw), "not-the-signing-key");
    expect(await deliver(forged)).toMatchObject({ status: 401 });
    expect(await deliver({ raw: creation().raw, headers: { "content-type": "application/json" } })).toMatchObject({ status: 401 });
    // A valid signature over different bytes (e.g. a field edited after signing) fails too.
    const good = creation();
    expect(await deliver({ raw: good.raw.replace("workspace", "hijacked"), headers: good.headers })).toMatchObject({ status: 401 });
    expect(await row()).toEqual([]);
    expect((await db.query(`select 1 from nango_webhook_deliveries`)).rows).toEqual([]);
  });

  it("without Nango configured, answers 503 without reading the body", async () => {
    expect(await handleNangoWebhook(null, () => { throw new Error("db opened"); }, creation().raw, creation().headers, actor)).toMatchObject({ status: 503 });
  });

  it("records a created connection as VALID with its connection id, audited, in one step the UI can poll", async () => {
    const since = await dbNow(db);
    expect(await deliver(creation())).toEqual({ status: 200, body: { ok: true, result: "connected" } });
    expect(await row()).toEqual([expect.objectContaining({ status: "VALID", auth_type: "oauth", nango_connection_id: connectionId, account_label: "Connected by admin@example.test" })]);
    expect(await audit()).toEqual([{ action: "oauth.connect", outcome: "valid", actor_user_id: org.users.admin }]);
    expect(await connectionChangedSince(db, org.orgId, connectionId, since)).toMatchObject({ status: "VALID" });
    expect(await connectionChangedSince(db, org.orgId, connectionId, new Date(Date.now() + 60_000).toISOString())).toBeNull();
  });

  it("applies a retried or replayed delivery once", async () => {
    expect(await deliver(creation())).toMatchObject({ status: 200, body: { result: "duplicate" } });
    expect(await row()).toHaveLength(1);
    expect(await audit()).toHaveLength(1);
  });

  it("marks the connection INVALID with the provider's reason when a refresh fails", async () => {
    expect(await deliver(refreshFailure())).toMatchObject({ status: 200, body: { result: "marked invalid" } });
    const [r] = await row();
    expect(r).toMatchObject({ status: "INVALID" });
    expect(r.check_reason).toContain("invalid_grant: Token has been expired or revoked.");
    expect((await audit()).at(-1)).toEqual({ action: "oauth.refresh_failed", outcome: "invalid", actor_user_id: null });
    expect(await openNotifications()).toEqual([{ kind: "credential_invalid", message: r.check_reason }]);
    // Its own event, which outgoing webhooks send as oauth.refresh_failed.
    const { rows: events } = await db.query<{ data: object }>(`select data from events where type = 'oauth.refresh_failed' and data->>'integrationId' = $1`, [r.id]);
    expect(events).toEqual([{ data: { integrationId: r.id, provider: "slack", name: expect.any(String) } }]);
    expect(await deliver(refreshFailure())).toMatchObject({ body: { result: "duplicate" } });
  });

  it("a reconnect (override) makes it VALID again, fulfils the provider's pending requests like a first connection, and a later identical failure still counts", async () => {
    const { rows: [pending] } = await db.query<{ id: string }>(
      `insert into credential_requests (org_id, provider, reason, requester_type, requester_user_id, requester, requester_label, expires_at)
       values ($1, 'slack', 'The release bot posts to #launches.', 'user', $2, $3, 'admin@example.test', now() + interval '30 minutes') returning id`,
      [org.orgId, org.users.admin, `user:${org.users.admin}`]);
    const override = fake.authWebhook({ ...JSON.parse(creation().raw), operation: "override" });
    expect(await deliver(override)).toMatchObject({ body: { result: "reconnected" } });
    const { rows: [request] } = await db.query(`select state, credential_name from credential_requests where id = $1`, [pending.id]);
    expect(request).toEqual({ state: "fulfilled", credential_name: "workspace" });
    expect(await row()).toEqual([expect.objectContaining({ status: "VALID", nango_connection_id: connectionId })]);
    expect(await openNotifications()).toEqual([]);
    // Starting a reconnect forgets the connection's deliveries (startReconnectSession does this).
    await forgetDeliveries(db, connectionId);
    expect(await deliver(refreshFailure())).toMatchObject({ body: { result: "marked invalid" } });
    expect((await audit()).map((a) => a.action)).toEqual(["oauth.connect", "oauth.refresh_failed", "oauth.reconnect", "oauth.refresh_failed"]);
  });

  it("ignores, with 200, webhooks for unknown orgs or other kinds so Nango stops retrying", async () => {
    const stranger = fake.authWebhook({ ...JSON.parse(creation().raw), connectionId: "other", tags: { organization_id: "00000000-0000-4000-8000-000000000000" } });
    expect(await deliver(stranger)).toMatchObject({ status: 200, body: { result: expect.stringMatching(/^ignored/) } });
    const sync = fake.authWebhook({ type: "sync", connectionId, providerConfigKey: "slack" });
    expect(await deliver(sync)).toMatchObject({ status: 200, body: { result: expect.stringMatching(/^ignored/) } });
    expect(await row()).toHaveLength(1);
  });
});
