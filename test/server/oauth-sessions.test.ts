import type { Db } from "@/lib/db/types";
import { nangoNotConfiguredMessage } from "@/lib/oauth/messages";
import { createNango, nangoPublicConfig } from "@/lib/oauth/nango";
import { insertConnection, recordDelivery } from "@/lib/oauth/queries";
import { startConnectSession, startReconnectSession, type SessionOwner } from "@/lib/oauth/sessions";
import { getProvider } from "@/lib/providers";
import { startNangoFake, type NangoFake } from "../fakes/nango-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

const slack = getProvider("slack")!;
const openai = getProvider("openai")!;
const nangoEnv = (fake: NangoFake, key = fake.secretKey) =>
  ({ NANGO_SECRET_KEY: key, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.example.test" });

describe.each(dbKinds)("OAuth connect sessions on %s", (kind) => {
  let db: Db;
  let fake: NangoFake;
  let owner: SessionOwner;

  beforeAll(async () => {
    db = await freshDb(kind);
    fake = await startNangoFake();
    const org = await makeOrg(db, `oauth-s-${kind}`);
    const { rows } = await db.query<{ email: string }>(`select email from users where id = $1`, [org.users.admin]);
    owner = { org: { id: org.orgId, slug: org.slug }, user: { id: org.users.admin, email: rows[0].email } };
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it("creates a session for the signed-in user and the org, limited to the provider's Nango integration", async () => {
    const res = await startConnectSession({ db, nango: createNango(nangoEnv(fake)) }, owner, slack, "default");
    expect(res).toMatchObject({ kind: "started", token: fake.sessions[0].token });
    if (res.kind !== "started") throw new Error("not started");
    expect(Date.parse(res.since)).not.toBeNaN();
    const { body, path } = fake.sessions[0];
    expect(path).toBe("/connect/sessions");
    expect(body.end_user).toEqual({ id: owner.user.id, email: owner.user.email, display_name: owner.user.email });
    expect(body.organization).toEqual({ id: owner.org.id, display_name: owner.org.slug });
    expect(body.allowed_integrations).toEqual(["slack"]);
    expect(body.tags).toMatchObject({ organization_id: owner.org.id, switchboard_provider: "slack", credential_name: "default" });
    // The secret key travels only as the bearer header, never in a body or URL.
    expect(JSON.stringify(fake.sessions)).not.toContain(fake.secretKey);
  });

  it("refuses a name already used, a provider without OAuth, and says why Nango refused", async () => {
    const nango = createNango(nangoEnv(fake));
    await insertConnection(db, { orgId: owner.org.id, provider: "slack", name: "taken", nangoIntegration: "slack", connectionId: "c-taken", accountLabel: "x" });
    expect(await startConnectSession({ db, nango }, owner, slack, "taken")).toEqual({ kind: "name_taken", taken: "taken" });
    // Names ignore letter case; the answer names the stored spelling.
    expect(await startConnectSession({ db, nango }, owner, slack, "TAKEN")).toEqual({ kind: "name_taken", taken: "taken" });
    expect(await startConnectSession({ db, nango }, owner, openai, "default")).toEqual({ kind: "no_oauth" });
    const wrongKey = await startConnectSession({ db, nango: createNango(nangoEnv(fake, "wrong-key-1234")) }, owner, slack, "other");
    expect(wrongKey).toEqual({ kind: "nango_error", reason: expect.stringContaining("NANGO_SECRET_KEY") });
    expect(JSON.stringify(wrongKey)).not.toContain("wrong-key-1234");
  });

  it("reconnects an existing connection in place and forgets its old deliveries", async () => {
    const nango = createNango(nangoEnv(fake));
    const connectionId = fake.addConnection({ integration: "slack", endUser: { id: owner.user.id, email: owner.user.email, organizationId: owner.org.id } });
    const id = (await insertConnection(db, { orgId: owner.org.id, provider: "slack", name: "repair", nangoIntegration: "slack", connectionId, accountLabel: "x" }))!;
    await recordDelivery(db, "old-body-hash", connectionId, "refresh");
    const res = await startReconnectSession({ db, nango }, owner, id);
    expect(res).toMatchObject({ kind: "started" });
    const { path, body } = fake.sessions.at(-1)!;
    expect(path).toBe("/connect/sessions/reconnect");
    expect(body).toMatchObject({ connection_id: connectionId, integration_id: "slack", end_user: { id: owner.user.id }, organization: { id: owner.org.id } });
    expect((await db.query(`select 1 from nango_webhook_deliveries where connection_id = $1`, [connectionId])).rows).toHaveLength(0);
    expect(await startReconnectSession({ db, nango }, owner, "00000000-0000-4000-8000-000000000000")).toEqual({ kind: "not_found" });
  });

  it("without NANGO_SECRET_KEY, OAuth is off with a message naming what to set", async () => {
    const env = { ...nangoEnv(fake), NANGO_SECRET_KEY: undefined };
    expect(createNango(env)).toBeNull();
    expect(nangoPublicConfig(env)).toEqual({ configured: false, apiUrl: fake.url, connectUrl: "https://connect.example.test" });
    expect(await startConnectSession({ db, nango: null }, owner, slack, "x")).toEqual({ kind: "not_configured" });
    const message = nangoNotConfiguredMessage("https://sb.example.test/", "slack");
    expect(message).toContain("NANGO_SECRET_KEY");
    expect(message).toContain("NANGO_HOST");
    expect(message).toContain("https://sb.example.test/api/nango/webhook");
    expect(message).toContain('"slack"');
  });
});
