import type { Db } from "@/lib/db/types";
import { renameIntegration, setDefaultIntegration } from "@/lib/integrations/named";
import { listIntegrations, listProviderSummaries } from "@/lib/integrations/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

describe.each(dbKinds)("named credentials on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const actor = () => ({ userId: org.users.admin });
  const ids: Record<string, string> = {};
  const defaults = async () =>
    (await listIntegrations(db, org.orgId)).filter((r) => r.provider === "openai" && r.isDefault).map((r) => r.name);

  beforeAll(async () => {
    db = await freshDb(kind);
    org = await makeOrg(db, `named-${kind}`);
    for (const [name, isDefault] of [["production", true], ["staging", false], ["ci", false]] as const) {
      const { rows } = await db.query<{ id: string }>(
        `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'openai', $2, $3, 'VALID') returning id`,
        [org.orgId, name, isDefault],
      );
      ids[name] = rows[0].id;
    }
  });
  afterAll(() => db.close());

  it("lists a provider's credentials default first, then by name whatever the letter case", async () => {
    const { rows } = await db.query<{ id: string }>(
      `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'gcp', 'Staging EU', true, 'VALID'), ($1, 'gcp', 'backup', false, 'VALID'), ($1, 'gcp', 'Cloud', false, 'VALID') returning id`,
      [org.orgId]);
    expect((await listIntegrations(db, org.orgId, "gcp")).map((r) => r.name)).toEqual(["Staging EU", "backup", "Cloud"]);
    await db.query(`delete from integrations where id = any($1::uuid[])`, [rows.map((r) => r.id)]);
  });

  it("renames a credential and audits the old and new names", async () => {
    expect(await renameIntegration(db, actor(), org.orgId, "openai", ids.ci, "OpenAI ci")).toEqual({ kind: "renamed" });
    const row = (await listIntegrations(db, org.orgId)).find((r) => r.id === ids.ci);
    expect(row?.name).toBe("OpenAI ci");
    const { rows } = await db.query<{ metadata: Record<string, unknown> }>(`select metadata from audit_events where action = 'integration.rename' and org_id = $1`, [org.orgId]);
    expect(rows[0].metadata).toMatchObject({ from: "ci", name: "OpenAI ci" });
  });

  it("answers a duplicate name as such and leaves both credentials as they were", async () => {
    expect(await renameIntegration(db, actor(), org.orgId, "openai", ids.staging, "production")).toEqual({ kind: "duplicate", taken: "production" });
    const names = (await listIntegrations(db, org.orgId)).map((r) => r.name).sort();
    expect(names).toEqual(["OpenAI ci", "production", "staging"]);
  });

  it("allows the same name under another provider", async () => {
    await db.query(`insert into integrations (org_id, provider, name, status) values ($1, 'anthropic', 'x', 'VALID')`, [org.orgId]);
    expect(await renameIntegration(db, actor(), org.orgId, "openai", ids.staging, "x")).toEqual({ kind: "renamed" });
    expect(await renameIntegration(db, actor(), org.orgId, "openai", ids.staging, "staging")).toEqual({ kind: "renamed" });
    // A provider page lists only its own provider's credentials, default first.
    const openai = await listIntegrations(db, org.orgId, "openai");
    expect(openai.map((r) => [r.provider, r.isDefault])).toEqual([["openai", true], ["openai", false], ["openai", false]]);
    expect((await listIntegrations(db, org.orgId, "anthropic")).map((r) => r.name)).toEqual(["x"]);
    expect(await listIntegrations(db, org.orgId, "gcp")).toEqual([]);
    expect(await listIntegrations(db, org.orgId)).toHaveLength(4);
  });

  it("refuses another org's credential, or a credential named under the wrong provider", async () => {
    const other = await makeOrg(db, `named-other-${kind}`);
    expect(await renameIntegration(db, { userId: other.users.admin }, other.orgId, "openai", ids.staging, "mine")).toEqual({ kind: "not_found" });
    expect(await setDefaultIntegration(db, { userId: other.users.admin }, other.orgId, "openai", ids.staging)).toEqual({ kind: "not_found" });
    expect(await setDefaultIntegration(db, actor(), org.orgId, "anthropic", ids.staging)).toEqual({ kind: "not_found" });
    expect(await defaults()).toEqual(["production"]);
  });

  it("switches the default in one step, keeping exactly one default, and audits it", async () => {
    expect(await setDefaultIntegration(db, actor(), org.orgId, "openai", ids.staging)).toEqual({ kind: "switched", previous: "production" });
    expect(await defaults()).toEqual(["staging"]);
    expect(await setDefaultIntegration(db, actor(), org.orgId, "openai", ids.staging)).toEqual({ kind: "unchanged" });
    const { rows } = await db.query<{ metadata: Record<string, unknown> }>(`select metadata from audit_events where action = 'integration.set_default' and org_id = $1`, [org.orgId]);
    expect(rows).toHaveLength(1);
    expect(rows[0].metadata).toMatchObject({ name: "staging", previous: "production" });
  });

  it("summarises each provider by its default credential and its count, for the catalog tiles", async () => {
    await db.query(`update integrations set status = 'INVALID', account_label = 'staging-acct' where id = $1`, [ids.staging]);
    // No default among gcp's credentials: the first by name stands for them.
    await db.query(`insert into integrations (org_id, provider, name, is_default, status, account_label)
      values ($1, 'gcp', 'b-second', false, 'VALID', 'b'), ($1, 'gcp', 'a-first', false, 'PENDING', null)`, [org.orgId]);
    const summaries = await listProviderSummaries(db, org.orgId);
    expect(summaries.filter((s) => s.provider !== "anthropic")).toEqual([
      { provider: "gcp", status: "PENDING", accountLabel: null, count: 2, otherValid: 1 },
      { provider: "openai", status: "INVALID", accountLabel: "staging-acct", count: 3, otherValid: 2 },
    ]);
    await db.query(`update integrations set status = 'VALID', account_label = null where id = $1`, [ids.staging]);
    await db.query(`delete from integrations where org_id = $1 and provider = 'gcp'`, [org.orgId]);
  });

  it("keeps one default when switches race", async () => {
    await Promise.all([
      setDefaultIntegration(db, actor(), org.orgId, "openai", ids.production),
      setDefaultIntegration(db, actor(), org.orgId, "openai", ids.ci),
      setDefaultIntegration(db, actor(), org.orgId, "openai", ids.staging),
    ]);
    expect(await defaults()).toHaveLength(1);
  });

  it("lets the database refuse a second default written directly", async () => {
    await expect(db.query(`update integrations set is_default = true where org_id = $1 and provider = 'openai' and not is_default`, [org.orgId]))
      .rejects.toMatchObject({ code: "23505" });
  });
});
