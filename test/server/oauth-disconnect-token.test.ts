import type { Nango } from "@nangohq/node";
import type { Db } from "@/lib/db/types";
import { disconnectOAuth } from "@/lib/oauth/disconnect";
import { createNango } from "@/lib/oauth/nango";
import { insertConnection } from "@/lib/oauth/queries";
import { oauthAccessTokenWith } from "@/lib/oauth/token";
import { startNangoFake, type NangoFake } from "../fakes/nango-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

describe.each(dbKinds)("OAuth tokens and disconnect on %s", (kind) => {
  let db: Db;
  let fake: NangoFake;
  let nango: Nango;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const actor = () => ({ userId: org.users.admin, ip: "203.0.113.5", userAgent: "jest" });
  const connect = async (name: string) => {
    const connectionId = fake.addConnection({ integration: "notion", endUser: { id: org.users.admin, email: "a@example.test", organizationId: org.orgId } });
    const id = (await insertConnection(db, { orgId: org.orgId, provider: "notion", name, nangoIntegration: "notion", connectionId, accountLabel: "x" }))!;
    return { id, connectionId };
  };
  /** Every row of every table as text: where a stored token would show up. */
  const dumpDatabase = async () => {
    const { rows } = await db.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = 'public'`);
    let text = "";
    for (const { t } of rows) text += JSON.stringify((await db.query(`select * from public."${t}"`)).rows);
    return text;
  };

  beforeAll(async () => {
    db = await freshDb(kind);
    fake = await startNangoFake();
    nango = createNango({ NANGO_SECRET_KEY: fake.secretKey, NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.nango.dev" })!;
    org = await makeOrg(db, `tok-${kind}`);
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it("fetches the access token from Nango at the moment of use and never stores it", async () => {
    const { id, connectionId } = await connect("default");
    const before = fake.requests.length;
    const res = await oauthAccessTokenWith({ db, nango }, org.orgId, id);
    expect(res).toEqual({ ok: true, accessToken: fake.connections.get(connectionId)!.accessToken, expiresAt: expect.any(String), provider: "notion" });
    expect(fake.requests.slice(before)).toEqual([{ method: "GET", path: expect.stringMatching(new RegExp(`^/connections/${connectionId}\\?provider_config_key=notion`)) }]);
    // The refresh token is never asked for.
    expect(fake.requests.at(-1)!.path).toContain("refresh_token=false");
    expect(await dumpDatabase()).not.toContain(fake.connections.get(connectionId)!.accessToken);
  });

  it("says why when there is no token to give", async () => {
    const { id, connectionId } = await connect("broken");
    fake.connections.get(connectionId)!.refreshError = "invalid_grant";
    expect(await oauthAccessTokenWith({ db, nango }, org.orgId, id)).toMatchObject({ ok: false, code: "unavailable", reason: expect.stringContaining("reconnect") });
    expect(await oauthAccessTokenWith({ db, nango: null }, org.orgId, id)).toMatchObject({ ok: false, code: "not_configured", reason: expect.stringContaining("NANGO_SECRET_KEY") });
    const other = await makeOrg(db, `tok2-${kind}`);
    expect(await oauthAccessTokenWith({ db, nango }, other.orgId, id)).toMatchObject({ ok: false, code: "not_found" });
  });

  it("disconnect deletes the connection at Nango, then the row, audited", async () => {
    const { id, connectionId } = await connect("to-remove");
    expect(await disconnectOAuth({ db, nango }, actor(), org.orgId, id)).toEqual({ kind: "disconnected", provider: "notion", name: "to-remove" });
    expect(fake.requests.at(-1)).toEqual({ method: "DELETE", path: `/connections/${connectionId}?provider_config_key=notion` });
    expect(fake.connections.has(connectionId)).toBe(false);
    expect((await db.query(`select 1 from integrations where id = $1`, [id])).rows).toHaveLength(0);
    const { rows } = await db.query<{ action: string; actor_user_id: string }>(`select action, actor_user_id from audit_events where integration_id = $1`, [id]);
    expect(rows).toEqual([{ action: "oauth.disconnect", actor_user_id: org.users.admin }]);
    const { rows: events } = await db.query<{ type: string }>(`select type from events where data->>'integrationId' = $1 and type in ('credential.deleted', 'oauth.disconnected') order by id`, [id]);
    expect(events.map((e) => e.type)).toEqual(["credential.deleted", "oauth.disconnected"]);
  });

  it("keeps the row when Nango refuses the delete, and finishes when Nango already forgot it", async () => {
    const { id, connectionId } = await connect("stubborn");
    const wrongKey = createNango({ NANGO_SECRET_KEY: "wrong", NANGO_HOST: fake.url, NANGO_WEBHOOK_SIGNING_KEY: undefined, NANGO_PUBLIC_CONNECT_URL: "https://connect.nango.dev" })!;
    expect(await disconnectOAuth({ db, nango: wrongKey }, actor(), org.orgId, id)).toMatchObject({ kind: "nango_error" });
    expect((await db.query(`select 1 from integrations where id = $1`, [id])).rows).toHaveLength(1);
    fake.connections.delete(connectionId);
    expect(await disconnectOAuth({ db, nango }, actor(), org.orgId, id)).toMatchObject({ kind: "disconnected" });
    expect(await disconnectOAuth({ db, nango }, actor(), org.orgId, id)).toEqual({ kind: "not_found" });
  });
});
