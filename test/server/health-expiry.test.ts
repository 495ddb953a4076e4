import type { Db } from "@/lib/db/types";
import { applyCheckToNotifications, CREDENTIAL_EXPIRING, expiresSoon, listOpenNotifications } from "@/lib/integrations/notifications";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

describe("expiry warnings", () => {
  it("fall within two weeks of the provider-reported expiry, and not for keys without one", () => {
    expect(expiresSoon({ expiresAt: inDays(3) })).toBeInstanceOf(Date);
    expect(expiresSoon({ expiresAt: inDays(-1) })).toBeInstanceOf(Date);
    expect(expiresSoon({ expiresAt: inDays(30) })).toBeNull();
    expect(expiresSoon({ expiresAt: "never" })).toBeNull();
    expect(expiresSoon({})).toBeNull();
  });
});

describe.each(dbKinds)("expiry notifications on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());

  it("warns once, before the key expires, and not for one far from expiry", async () => {
    const org = await makeOrg(db, `exp-${kind}`);
    const { rows } = await db.query<{ id: string; name: string }>(
      `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'github', 'soon', true, 'VALID'), ($1, 'github', 'later', false, 'VALID') returning id, name`,
      [org.orgId],
    );
    const [soon, later] = rows;
    const check = (integrationId: string, expiresAt: string) =>
      applyCheckToNotifications(db, { orgId: org.orgId, integrationId, previous: "VALID", status: "VALID", reason: "ok", actorUserId: null, details: { expiresAt } });
    await check(soon.id, inDays(5));
    await check(soon.id, inDays(5));
    await check(later.id, inDays(90));
    const open = await listOpenNotifications(db, org.orgId);
    expect(open.map((n) => [n.kind, n.integrationId])).toEqual([[CREDENTIAL_EXPIRING, soon.id]]);
    expect(open[0].message).toMatch(/expires on \d{4}-\d{2}-\d{2}/);
  });

  it("appends one credential.expiring event per warning, which outgoing webhooks carry", async () => {
    const org = await makeOrg(db, `exp-ev-${kind}`);
    const { rows } = await db.query<{ id: string }>(
      `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'github', 'ci', true, 'VALID') returning id`, [org.orgId],
    );
    const expiresAt = inDays(4);
    for (let i = 0; i < 2; i++) {
      await applyCheckToNotifications(db, { orgId: org.orgId, integrationId: rows[0].id, previous: "VALID", status: "VALID", reason: "ok", actorUserId: null, details: { expiresAt } });
    }
    const { rows: events } = await db.query<{ data: object }>(`select data from events where org_id = $1 and type = 'credential.expiring'`, [org.orgId]);
    expect(events).toEqual([{ data: { integrationId: rows[0].id, provider: "github", name: "ci", expiresAt } }]);
  });
});
