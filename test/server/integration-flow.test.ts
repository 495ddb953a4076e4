import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { listIntegrations } from "@/lib/integrations/queries";
import { deleteIntegration, revalidateIntegration, setupIntegration, type Deps } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { validationContext } from "@/lib/providers/context";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { createVault } from "@/lib/vault/vault";
import { startProviderFake, type ProviderFake } from "../fakes/provider-fake";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

const openai = getProvider("openai")!;
const key = (tag: string) => `sk-proj-${tag}${"Ab3d".repeat(12)}T3BlbkFJ${"Zz9y".repeat(12)}`;

describe.each(dbKinds)("the setup, re-validate and delete flow on %s", (kind) => {
  let db: Db;
  let fake: ProviderFake;
  let deps: Deps;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const actor = () => ({ userId: org.users.admin, ip: "203.0.113.9", userAgent: "jest" });
  const auditActions = async () =>
    (await db.query<{ action: string; outcome: string }>(`select action, outcome from audit_events where org_id = $1 and action like 'integration.%' order by id`, [org.orgId])).rows;

  beforeAll(async () => {
    db = await freshDb(kind);
    fake = await startProviderFake();
    const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-flow-")));
    deps = {
      db,
      vault: createVault({ kek, cacheTtlMs: 60_000 }),
      context: (id) => validationContext({ providerBaseUrls: { [id]: fake.url }, PROVIDER_TIMEOUT_MS: 500 }, id),
    };
    org = await makeOrg(db, `flow-${kind}`);
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it("stores a key the provider accepts as VALID, sealed, with one audit event", async () => {
    fake.keys.set(key("good"), "valid");
    const res = await setupIntegration(deps, actor(), { orgId: org.orgId, provider: openai, name: "default", credential: { apiKey: key("good") }, skipValidation: false });
    expect(res).toMatchObject({ kind: "stored", status: "VALID" });
    const [row] = await listIntegrations(db, org.orgId);
    expect(row).toMatchObject({ provider: "openai", status: "VALID", isDefault: true, checkOutcome: "valid" });
    expect(row.fingerprint).toContain(key("good").slice(-4));
    const { rows } = await db.query<{ ciphertext: Buffer }>(`select ciphertext from integration_secrets where integration_id = $1`, [row.id]);
    expect(Buffer.from(rows[0].ciphertext).toString("latin1")).not.toContain("good");
    expect(await auditActions()).toEqual([{ action: "integration.store", outcome: "valid" }]);
  });

  it("stores nothing when the provider says the key is invalid, and audits the attempt", async () => {
    const res = await setupIntegration(deps, actor(), { orgId: org.orgId, provider: openai, name: "second", credential: { apiKey: key("bad") }, skipValidation: false });
    expect(res).toMatchObject({ kind: "rejected", check: { outcome: "invalid" } });
    expect(res.kind === "rejected" && res.check.reason).toMatch(/Incorrect API key/);
    expect(await listIntegrations(db, org.orgId)).toHaveLength(1);
    expect((await auditActions()).at(-1)).toEqual({ action: "integration.validate", outcome: "invalid" });
  });

  it("stores nothing on an outage unless asked to save without verifying, then keeps it PENDING", async () => {
    fake.keys.set(key("down"), "outage");
    const input = { orgId: org.orgId, provider: openai, name: "outage", credential: { apiKey: key("down") }, skipValidation: false };
    expect(await setupIntegration(deps, actor(), input)).toMatchObject({ kind: "unverified", check: { outcome: "provider_outage" } });
    expect(await listIntegrations(db, org.orgId)).toHaveLength(1);
    expect(await setupIntegration(deps, actor(), { ...input, skipValidation: true })).toMatchObject({ kind: "stored", status: "PENDING" });
    const rows = await listIntegrations(db, org.orgId);
    expect(rows.find((r) => r.name === "outage")).toMatchObject({ status: "PENDING", isDefault: false });
  });

  it("refuses a malformed key before any call", async () => {
    const before = fake.requests.length;
    const res = await setupIntegration(deps, actor(), { orgId: org.orgId, provider: openai, name: "x", credential: { apiKey: "hello" }, skipValidation: false });
    expect(res).toMatchObject({ kind: "bad_input" });
    expect(fake.requests.length).toBe(before);
  });

  it("re-validation flips to INVALID when revoked, but an outage leaves VALID alone", async () => {
    const [row] = (await listIntegrations(db, org.orgId)).filter((r) => r.name === "default");
    fake.keys.set(key("good"), "outage");
    expect(await revalidateIntegration(deps, actor(), org.orgId, openai, row.id)).toMatchObject({ kind: "checked", status: "VALID", check: { outcome: "provider_outage" } });
    const afterOutage = (await listIntegrations(db, org.orgId)).find((r) => r.id === row.id)!;
    expect(afterOutage).toMatchObject({ status: "VALID", checkOutcome: "provider_outage" });
    fake.keys.set(key("good"), "invalid");
    expect(await revalidateIntegration(deps, actor(), org.orgId, openai, row.id)).toMatchObject({ status: "INVALID" });
    fake.keys.set(key("good"), "valid");
    expect(await revalidateIntegration(deps, actor(), org.orgId, openai, row.id)).toMatchObject({ status: "VALID" });
  });

  it("cannot re-validate or delete another org's credential", async () => {
    const other = await makeOrg(db, `other-${kind}`);
    const [row] = await listIntegrations(db, org.orgId);
    expect(await revalidateIntegration(deps, actor(), other.orgId, openai, row.id)).toEqual({ kind: "not_found" });
    expect(await deleteIntegration(deps, actor(), other.orgId, row.id)).toBe(false);
    expect(await listIntegrations(db, org.orgId)).toHaveLength(2);
  });

  it("deletes the secret with the row, promotes another default, and keeps the audit trail", async () => {
    const [row] = (await listIntegrations(db, org.orgId)).filter((r) => r.isDefault);
    expect(await deleteIntegration(deps, actor(), org.orgId, row.id)).toBe(true);
    const { rows } = await db.query(`select 1 from integration_secrets where integration_id = $1`, [row.id]);
    expect(rows).toHaveLength(0);
    expect((await listIntegrations(db, org.orgId)).map((r) => [r.name, r.isDefault])).toEqual([["outage", true]]);
    const actions = (await auditActions()).map((a) => a.action);
    expect(actions).toContain("integration.store");
    expect(actions.at(-1)).toBe("integration.delete");
  });
});
