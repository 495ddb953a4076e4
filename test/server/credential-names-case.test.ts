import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { renameIntegrationAction } from "@/actions/integrations/rename-integration";
import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { insertConnection } from "@/lib/oauth/queries";
import { pickGrant, type LiveGrant } from "@/lib/agents/grants";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey } from "../helpers/health";
import { githubToken } from "../helpers/inbound";

// The actions run with a signed-in admin and this test's database; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const THIS_MIGRATION = "20261208020000_credential_names_ignore_case.sql";

describe.each(dbKinds)("credential names ignore letter case, on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  const setup = (key: string, name: string, skipValidation = false) =>
    setupIntegrationAction(null, { orgSlug: org.slug, provider: "openai", name, "field.apiKey": key, skipValidation });
  const rows = async (like: string) => (await env.db.query<{ id: string; name: string; secretVersion: number; fingerprint: string }>(
    `select id, name, secret_version as "secretVersion", fingerprint from integrations
      where org_id = $1 and provider = 'openai' and lower(name) like $2 order by name`, [org.orgId, like])).rows;

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
    org = await makeOrg(env.db, `names-case-${kind}`);
    mockCurrent.user.id = org.users.admin;
    for (const k of ["one", "two", "three", "four"]) env.fake.keys.set(openaiKey(k), "valid");
  });
  afterAll(() => env.close());

  it("replaces the key of a credential saved under another letter case, and keeps its spelling", async () => {
    expect(await setup(openaiKey("one"), "production")).toMatchObject({ ok: true, message: "Verified and saved." });
    expect(await setup(openaiKey("two"), "Production")).toMatchObject({ ok: true, message: "Verified, and replaced the key of “production”." });
    expect(await setup(openaiKey("three"), "PRODUCTION", true))
      .toMatchObject({ ok: true, message: "Saved without verifying, replacing the key of “production”." });
    const stored = await rows("production");
    expect(stored).toEqual([expect.objectContaining({ name: "production", secretVersion: 3 })]);
    const audit = await env.db.query<{ name: string }>(
      `select metadata->>'name' as name from audit_events where org_id = $1 and action = 'integration.store' order by id`, [org.orgId]);
    expect(audit.rows.map((r) => r.name)).toEqual(["production", "production", "production"]);
  });

  it("lets a credential change its own letter case, and refuses another's name in any case", async () => {
    expect(await setup(openaiKey("four"), "staging")).toMatchObject({ ok: true });
    const [production] = await rows("production");
    const [staging] = await rows("staging");
    const rename = (integrationId: string, name: string) => renameIntegrationAction(null, { orgSlug: org.slug, provider: "openai", integrationId, name });
    expect(await rename(production.id, "Production")).toMatchObject({ ok: true, message: "Renamed to Production." });
    expect(await rename(staging.id, "PRODUCTION")).toMatchObject({
      ok: false, status: 409, fieldErrors: { name: ["OpenAI already has a credential named “Production”. Choose another name."] },
    });
    expect((await rows("%")).map((r) => r.name)).toEqual(["Production", "staging"]);
  });

  it("never lets a pasted key take over an OAuth connection of the same name, in any letter case", async () => {
    await insertConnection(env.db, { orgId: org.orgId, provider: "github", name: "work", nangoIntegration: "github", connectionId: "c-work", accountLabel: "octo" });
    const before = (await env.db.query(`select status, fingerprint, secret_version, auth_type from integrations where org_id = $1 and provider = 'github'`, [org.orgId])).rows;
    for (const name of ["Work", "work"]) {
      const result = await setupIntegrationAction(null, { orgSlug: org.slug, provider: "github", name, "field.token": githubToken("gh1"), skipValidation: true });
      const said = `“${name}” is an OAuth connection to GitHub, which a pasted key does not replace. Nothing was stored. Choose another name, or reconnect that connection from settings.`;
      expect(result).toMatchObject({ ok: false, status: 409, error: said, fieldErrors: { name: [said] } });
    }
    const after = await env.db.query(`select status, fingerprint, secret_version, auth_type from integrations where org_id = $1 and provider = 'github'`, [org.orgId]);
    expect(after.rows).toEqual(before);
    expect((await env.db.query(`select 1 from integration_secrets s join integrations i on i.id = s.integration_id where i.org_id = $1 and i.provider = 'github'`, [org.orgId])).rows).toEqual([]);
  });

  it("stores one credential when two spellings of a new name are saved at once", async () => {
    const results = await Promise.all([setup(openaiKey("one"), "race-case"), setup(openaiKey("two"), "RACE-CASE")]);
    expect(results.every((r) => r.ok)).toBe(true);
    const stored = await rows("race-case");
    expect(stored).toHaveLength(1);
    expect(stored[0].secretVersion).toBe(2);
    // The one saved second says it replaced the first, under the first one's spelling.
    const messages = results.map((r) => (r.ok ? r.message : ""));
    expect(messages.filter((m) => m === "Verified and saved.")).toHaveLength(1);
    expect(messages.filter((m) => m === `Verified, and replaced the key of “${stored[0].name}”.`)).toHaveLength(1);
  });
});

describe("an agent asking for a credential by name", () => {
  const grant = (name: string) => ({ agentLive: true, operations: ["proxy"], expired: false, usedUp: false, credential: { name } }) as unknown as LiveGrant;

  it("gets the credential of that name whatever its letter case", () => {
    const picked = pickGrant([grant("staging"), grant("Production")], "openai", "proxy", "production");
    expect((picked as unknown as { credential: { name: string } }).credential.name).toBe("Production");
  });
});

describe("the migration that makes names ignore case", () => {
  it("renames the second spelling of a name (saying so in the audit trail) and keeps the default's", async () => {
    // Every migration before this one, as a database made before it would have.
    const before = await mkdtemp(path.join(tmpdir(), "sb-names-case-"));
    for (const f of (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql") && f < THIS_MIGRATION)) {
      await cp(path.join(MIGRATIONS_DIR, f), path.join(before, f));
    }
    const db = await openPglite();
    try {
      await migrate(db, before);
      const org = await makeOrg(db, "names-case-migration");
      const insert = (name: string, isDefault: boolean, at: string) => db.query<{ id: string }>(
        `insert into integrations (org_id, provider, name, is_default, status, fingerprint, created_at) values ($1, 'openai', $2, $3, 'VALID', '…wxyz', $4) returning id::text`,
        [org.orgId, name, isDefault, at]);
      await insert("prod", false, "2026-01-01");
      const second = (await insert("Prod", true, "2026-02-01")).rows[0].id;
      await insert("other", false, "2026-03-01");

      await migrate(db);
      const names = (await db.query<{ name: string }>(`select name from integrations where org_id = $1 order by name`, [org.orgId])).rows.map((r) => r.name);
      const first = (await db.query<{ id: string }>(`select id::text from integrations where org_id = $1 and name like 'prod (%'`, [org.orgId])).rows[0].id;
      expect(names.sort()).toEqual(["Prod", "other", `prod (${first.slice(0, 8)})`].sort());
      expect(first).not.toBe(second);
      const audit = await db.query(`select action, actor_type, actor_name, integration_id::text, metadata from audit_events where org_id = $1 and action = 'integration.rename'`, [org.orgId]);
      expect(audit.rows).toEqual([{
        action: "integration.rename", actor_type: "system", actor_name: "Switchboard", integration_id: first,
        metadata: { from: "prod", name: `prod (${first.slice(0, 8)})`, fingerprint: "…wxyz" },
      }]);
      const told = await db.query(`select integration_id::text, kind, message from notifications where org_id = $1 and resolved_at is null`, [org.orgId]);
      expect(told.rows).toEqual([{ integration_id: first, kind: "credential_renamed", message: expect.stringContaining(`ask for “prod” now get that other credential; point them at “prod (${first.slice(0, 8)})”`) }]);
      await expect(insert("PROD", false, "2026-04-01")).rejects.toThrow(/integrations_name_ignoring_case/);
    } finally {
      await db.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});
