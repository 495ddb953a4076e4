import type { Db } from "@/lib/db/types";
import { eventsSince, latestEventId } from "@/lib/events/queries";
import { batchedCheckReads } from "@/lib/integrations/check-subject";
import { batchedSteadyWrites, type SteadyCheck } from "@/lib/integrations/check-write";
import { listOpenNotifications } from "@/lib/integrations/notifications";
import { listIntegrations } from "@/lib/integrations/queries";
import { runScheduledRevalidation } from "@/lib/integrations/scheduler";
import { revalidateIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { ageChecks, anthropicKey, healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;

/** The same database, with every statement and transaction it is asked for written down. */
function counted(db: Db) {
  const seen: string[] = [];
  const wrapped: Db = Object.assign(Object.create(db) as Db, {
    query: ((sql: string, params?: unknown[]) => (seen.push(sql), db.query(sql, params))) as Db["query"],
    transaction: ((fn: (tx: Db) => Promise<unknown>) => (seen.push("transaction"), db.transaction(fn))) as Db["transaction"],
  });
  return { db: wrapped, seen };
}

describe.each(dbKinds)("what a re-check writes, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let n = 0;
  const newOrg = async () => (org = await makeOrg(env.db, `chw-${kind}-${n++}`));
  const actor = () => ({ userId: org.users.admin });
  const counts = async (id: string) => (await env.db.query<{ checks: number; audits: number }>(
    `select (select count(*)::int from integration_checks where integration_id = $1) as checks,
            (select count(*)::int from audit_events where integration_id = $1 and action = 'integration.validate') as audits`, [id])).rows[0];

  beforeAll(async () => {
    env = await healthEnv(kind);
  });
  afterAll(() => env.close());

  it("records a check that changes nothing but the last check in one statement: the row, its history and its audit event", async () => {
    await newOrg();
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "steady", openaiKey("steady"));
    await revalidateIntegration(env.deps, actor(), org.orgId, openai, id); // opens the org key into the vault's cache
    const before = await counts(id);
    const cursor = await latestEventId(env.db, org.orgId);
    const c = counted(env.db);
    const res = await revalidateIntegration({ ...env.deps, db: c.db }, actor(), org.orgId, openai, id);
    expect(res).toMatchObject({ kind: "checked", status: "VALID" });
    expect(c.seen).not.toContain("transaction");
    const writes = c.seen.filter((sql) => /update integrations|insert into integration_checks|insert into audit_events/.test(sql));
    expect(writes).toHaveLength(1);
    expect(await counts(id)).toEqual({ checks: before.checks + 1, audits: before.audits + 1 });
    const { rows } = await env.db.query<{ metadata: Record<string, unknown>; actor_user_id: string }>(
      `select metadata, actor_user_id from audit_events where integration_id = $1 and action = 'integration.validate' order by id desc limit 1`, [id]);
    expect(rows[0]).toEqual({ actor_user_id: org.users.admin, metadata: expect.objectContaining({ previous: "VALID", status: "VALID", source: "manual", name: "steady" }) });
    expect(await eventsSince(env.db, org.orgId, cursor, "admin")).toEqual([]);
  });

  it("records the change it really made when another check moved the status while this one was at the provider", async () => {
    await newOrg();
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "moved", openaiKey("moved"));
    let release!: () => void;
    env.gate.hold.openai = new Promise<void>((r) => (release = r));
    env.gate.byProvider = {};
    try {
      // Read VALID, then held at the provider while the row turns INVALID; the provider then says valid.
      const checking = revalidateIntegration(env.deps, actor(), org.orgId, openai, id);
      while ((env.gate.byProvider.openai?.inFlight ?? 0) < 1) await new Promise((r) => setTimeout(r, 5));
      await env.db.query(`update integrations set status = 'INVALID' where id = $1`, [id]);
      const cursor = await latestEventId(env.db, org.orgId);
      release();
      expect(await checking).toMatchObject({ kind: "checked", status: "VALID" });
      expect((await listIntegrations(env.db, org.orgId))[0].status).toBe("VALID");
      const events = await eventsSince(env.db, org.orgId, cursor, "admin");
      expect(events.map((e) => [e.type, e.data])).toEqual([
        ["integration.status_changed", expect.objectContaining({ integrationId: id, status: "VALID", previous: "INVALID" })],
      ]);
      expect(await counts(id)).toEqual({ checks: 2, audits: 1 });
    } finally {
      release();
      env.gate.hold.openai = undefined;
    }
  });

  it("closes an open rejection notification when a VALID key is found valid again", async () => {
    await newOrg();
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "reopened", openaiKey("reopened"));
    // Raised by an earlier check of a key that then came back VALID through another path (a race the lock decides).
    await env.db.query(`insert into notifications (org_id, integration_id, kind, message) values ($1, $2, 'credential_invalid', 'It was rejected.')`, [org.orgId, id]);
    expect(await listOpenNotifications(env.db, org.orgId)).toHaveLength(1);
    expect(await revalidateIntegration(env.deps, actor(), org.orgId, openai, id)).toMatchObject({ kind: "checked", status: "VALID" });
    expect(await listOpenNotifications(env.db, org.orgId)).toEqual([]);
  });

  it("reads the checks that start together in one statement, each only within its own org", async () => {
    await newOrg();
    const a = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "ra", openaiKey("ra"));
    const b = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "anthropic", "rb", anthropicKey("rb"));
    const other = await makeOrg(env.db, `chw-other-${kind}`);
    const c = counted(env.db);
    const read = batchedCheckReads(c.db);
    const [ra, rb, elsewhere] = await Promise.all([
      read({ orgId: org.orgId, integrationId: a }), read({ orgId: org.orgId, integrationId: b }), read({ orgId: other.orgId, integrationId: a }),
    ]);
    expect(c.seen).toHaveLength(1);
    expect(ra).toMatchObject({ row: { id: a, provider: "openai", name: "ra", status: "VALID" }, sealed: { secretVersion: 1 } });
    expect(rb).toMatchObject({ row: { id: b, provider: "anthropic" } });
    expect(elsewhere).toBeNull();
  });

  it("writes steady checks that arrive while one is in flight together in the next statement, each only if its status held", async () => {
    await newOrg();
    const ids = [];
    for (const tag of ["w1", "w2", "w3", "w4"]) ids.push(await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", tag, openaiKey(tag)));
    await env.db.query(`update integrations set status = 'INVALID' where id = $1`, [ids[3]]); // moved: not steady any more
    const c = counted(env.db);
    const write = batchedSteadyWrites(c.db, { userId: null, userAgent: "switchboard-scheduler" });
    const steady = (id: string): SteadyCheck => ({
      orgId: org.orgId, integrationId: id, provider: "openai", previous: "VALID", latencyMs: 12, httpStatus: 200, source: "scheduler",
      check: { status: "VALID", outcome: "valid", reason: "OpenAI accepted the key." },
      audit: { orgId: org.orgId, action: "integration.validate", provider: "openai", integrationId: id, outcome: "valid", metadata: { previous: "VALID", status: "VALID" } },
    });
    expect(await Promise.all(ids.map((id) => write(steady(id))))).toEqual([true, true, true, false]);
    expect(c.seen).toHaveLength(2); // the first alone, the three that came meanwhile together
    for (const [i, id] of ids.entries()) expect(await counts(id)).toEqual({ checks: i < 3 ? 2 : 1, audits: i < 3 ? 1 : 0 });
  });

  it("backs off only the provider that has been down, with every due provider's history read at once", async () => {
    await newOrg();
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "down", openaiKey("bdown"));
    await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "anthropic", "up", anthropicKey("bup"));
    await env.db.query(`delete from integration_checks where outcome in ('provider_outage', 'rate_limited')`);
    await env.db.query(`update integrations set last_checked_at = now() where org_id <> $1`, [org.orgId]);
    env.fake.keys.set(openaiKey("bdown"), "outage");
    await ageChecks(env.db, org.orgId, 2 * 24 * 60);
    expect(await runScheduledRevalidation(env.deps, { staleAfterMinutes: 24 * 60 })).toMatchObject({ checked: 2, inconclusive: 1, valid: 1, backedOff: [] });
    await ageChecks(env.db, org.orgId, 2 * 24 * 60);
    const c = counted(env.db);
    const second = await runScheduledRevalidation({ ...env.deps, db: c.db }, { staleAfterMinutes: 24 * 60 });
    expect(second).toMatchObject({ backedOff: ["openai"], checked: 1, valid: 1 });
    expect(c.seen.filter((sql) => sql.includes("integration_checks") && /^\s*select/i.test(sql))).toHaveLength(1);
  });
});
