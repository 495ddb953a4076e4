import { asUser } from "@/lib/db/rls";
import { listRecentChecks } from "@/lib/integrations/history";
import { dismissNotification, listOpenNotifications, resolveCredentialNotifications } from "@/lib/integrations/notifications";
import { listIntegrations, recordCheck } from "@/lib/integrations/queries";
import { deleteIntegration, revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;

describe.each(dbKinds)("check history and notifications on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let id: string;
  const admin = () => ({ userId: org.users.admin });
  const checks = () => listRecentChecks(env.db, org.orgId, [id]);
  const open = () => listOpenNotifications(env.db, org.orgId);

  beforeAll(async () => {
    env = await healthEnv(kind);
    org = await makeOrg(env.db, `hist-${kind}`);
    id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "production", openaiKey("prod"));
  });
  afterAll(() => env.close());

  it("records the setup check with its latency and HTTP status", async () => {
    const [row] = await checks();
    expect(row).toMatchObject({ outcome: "valid", source: "setup", httpStatus: 200 });
    expect(row.latencyMs).toEqual(expect.any(Number));
    expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("records every manual re-validation, newest first, outage included", async () => {
    env.fake.keys.set(openaiKey("prod"), "outage");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    env.fake.keys.set(openaiKey("prod"), "valid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    expect((await checks()).map((c) => [c.outcome, c.source])).toEqual([["valid", "manual"], ["provider_outage", "manual"], ["valid", "setup"]]);
    expect(await open()).toEqual([]);
  });

  it("raises one notification when a working key is rejected, however often it is rejected again", async () => {
    env.fake.keys.set(openaiKey("prod"), "invalid");
    for (let i = 0; i < 3; i++) await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    const notes = await open();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: "credential_invalid", integrationId: id, provider: "openai", integrationName: "production" });
    expect(notes[0].message).toMatch(/Incorrect API key/);
    expect(notes[0].message).not.toContain(openaiKey("prod"));
  });

  it("lets members read notifications and history, and nobody outside the org", async () => {
    const seen = (uid: string) => asUser(env.db, uid, async (tx) => [(await listOpenNotifications(tx, org.orgId)).length, (await listRecentChecks(tx, org.orgId, [id])).length]);
    expect(await seen(org.users.member)).toEqual([1, 6]);
    expect(await seen(await makeUser(env.db, "outsider"))).toEqual([0, 0]);
    for (const sql of [`delete from notifications`, `insert into integration_checks (integration_id, org_id, provider, outcome, source) values ('${id}', '${org.orgId}', 'openai', 'valid', 'manual')`]) {
      await expect(asUser(env.db, org.users.owner, (tx) => tx.query(sql))).rejects.toThrow(/permission denied/);
    }
  });

  it("closes the notification when the key works again", async () => {
    env.fake.keys.set(openaiKey("prod"), "valid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    expect(await open()).toEqual([]);
    const { rows } = await env.db.query(`select resolved_by from notifications where integration_id = $1`, [id]);
    expect(rows).toEqual([{ resolved_by: org.users.admin }]);
  });

  it("closes it when the key is replaced, and keeps dismissals to the admin's own org", async () => {
    env.fake.keys.set(openaiKey("prod"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    const [note] = await open();
    const other = await makeOrg(env.db, `hist-other-${kind}`);
    expect(await dismissNotification(env.db, other.orgId, note.id, other.users.admin)).toBe(false);
    env.fake.keys.set(openaiKey("new"), "valid");
    await setupIntegration(env.deps, admin(), { orgId: org.orgId, provider: openai, name: "production", credential: { apiKey: openaiKey("new") }, skipValidation: false });
    expect(await open()).toEqual([]);
    expect((await listIntegrations(env.db, org.orgId))[0]).toMatchObject({ id, status: "VALID" });
  });

  it("stays until dismissed, and goes with the credential when it is deleted", async () => {
    env.fake.keys.set(openaiKey("new"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    const [note] = await open();
    expect(await dismissNotification(env.db, org.orgId, note.id, org.users.admin)).toBe(true);
    expect(await dismissNotification(env.db, org.orgId, note.id, org.users.admin)).toBe(false);
    expect(await open()).toEqual([]);
    // Still INVALID: a later rejection is not a new failure, so it raises nothing.
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, id);
    expect(await open()).toEqual([]);

    const second = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "staging", openaiKey("stg"));
    env.fake.keys.set(openaiKey("stg"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, second);
    expect(await open()).toHaveLength(1);
    await deleteIntegration(env.deps, admin(), org.orgId, second);
    expect(await open()).toEqual([]);
    expect(await listRecentChecks(env.db, org.orgId, [second])).toEqual([]);
  });

  it("a check or a resolution addressed with another org's id changes nothing", async () => {
    const other = await makeOrg(env.db, `hist-forger-${kind}`);
    const victim = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "scoped", openaiKey("scoped"));
    env.fake.keys.set(openaiKey("scoped"), "invalid");
    await revalidateIntegration(env.deps, admin(), org.orgId, openai, victim);
    const before = (await listIntegrations(env.db, org.orgId)).find((r) => r.id === victim)!;
    expect(before.status).toBe("INVALID");

    await recordCheck(env.db, other.orgId, victim, { status: "VALID", outcome: "valid", reason: "forged" });
    await resolveCredentialNotifications(env.db, other.orgId, victim, other.users.admin);
    expect((await listIntegrations(env.db, org.orgId)).find((r) => r.id === victim)).toMatchObject({ status: "INVALID", checkReason: before.checkReason });
    expect((await open()).some((n) => n.integrationId === victim)).toBe(true);
  });
});
