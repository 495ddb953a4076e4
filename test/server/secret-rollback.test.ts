import { copyFile, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { validateIntegrationHandler } from "@/lib/api/integrations-write";
import { migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { exportEnv } from "@/lib/env-export/build";
import { revalidateIntegration, setupIntegration, UNREADABLE_REASON } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { readSecret, writeSecret } from "@/lib/vault/secrets";
import { createVault } from "@/lib/vault/vault";
import { apiRequest, makeKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { healthEnv, openaiKey } from "../helpers/health";

// Point 10 of issue 13: replacing a key keeps the integration id, so whoever can write to the
// database could put the old ciphertext back and it opened. The secret version in the AAD stops
// that, and such a credential is answered as one that cannot be opened, never with a 500.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const openai = getProvider("openai")!;

describe.each(dbKinds)("a rolled-back ciphertext on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
    for (const tag of ["old", "new", "newer"]) env.fake.keys.set(openaiKey(tag), "valid");
  });
  afterAll(() => env.close());

  it("does not open after a replacement, and is answered as a credential that cannot be opened", async () => {
    const org = await makeOrg(env.db, `rollback-${kind}`);
    const admin = { userId: org.users.admin };
    const save = (tag: string) => setupIntegration(env.deps, admin, { orgId: org.orgId, provider: openai, name: "default", credential: { apiKey: openaiKey(tag) }, skipValidation: false });
    const first = await save("old");
    if (first.kind !== "stored") throw new Error(first.kind);
    const id = first.integrationId;
    const { rows: [copied] } = await env.db.query(`select key_version, iv, ciphertext, auth_tag from integration_secrets where integration_id = $1`, [id]);
    expect(await save("new")).toMatchObject({ kind: "stored", integrationId: id });
    await env.db.query(`update integration_secrets set key_version = $2, iv = $3, ciphertext = $4, auth_tag = $5 where integration_id = $1`,
      [id, copied.key_version, copied.iv, copied.ciphertext, copied.auth_tag]);

    const calls = env.fake.requests.length;
    expect(await revalidateIntegration(env.deps, admin, org.orgId, openai, id)).toEqual({ kind: "unreadable" });
    mockCurrent.user.id = org.users.admin;
    const { revalidateIntegrationAction } = await import("@/actions/integrations/revalidate-integration");
    expect(await revalidateIntegrationAction(null, { orgSlug: org.slug, provider: "openai", integrationId: id })).toEqual(
      { ok: false, status: 409, error: UNREADABLE_REASON, fieldErrors: undefined });
    const { key } = await makeKey(env.db, org, ["write"]);
    const res = await validateIntegrationHandler(apiRequest("POST", `/api/v1/integrations/${org.slug}/openai/validate`, { key }),
      { orgSlug: org.slug, provider: "openai" }, { ...env.deps, rateLimit: { limit: 100, windowSeconds: 60 } });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: "credential_unreadable", message: expect.stringContaining(UNREADABLE_REASON) } });
    // Neither the old key nor anything else was sent to the provider, or exported.
    expect(env.fake.requests.length).toBe(calls);
    const exported = await exportEnv(env.deps, admin, { orgId: org.orgId, slug: org.slug, via: "download" });
    expect(exported.text).not.toContain(openaiKey("old"));
    expect(exported.omitted).toMatchObject([{ provider: "openai", name: "default", reason: "unreadable" }]);

    // The credential says so, and the attempts are on the record; its status is left alone.
    const { rows: [row] } = await env.db.query<{ status: string; check_reason: string }>(`select status, check_reason from integrations where id = $1`, [id]);
    expect(row).toEqual({ status: "VALID", check_reason: UNREADABLE_REASON });
    const { rows: audit } = await env.db.query(`select 1 from audit_events where integration_id = $1 and action = 'integration.validate' and outcome = 'unreadable'`, [id]);
    expect(audit).toHaveLength(3);

    // Pasting the key again mends it.
    expect(await save("newer")).toMatchObject({ kind: "stored", integrationId: id });
    expect(await revalidateIntegration(env.deps, admin, org.orgId, openai, id)).toMatchObject({ kind: "checked", status: "VALID" });
    expect(env.fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${openaiKey("newer")}`);
  });
});

describe("the secret-version migration", () => {
  it("gives existing rows version 0, whose ciphertexts still open, and new rows version 1", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sb-migrations-"));
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith(".sql")).sort();
    const mine = files.indexOf("20261203091510_secret_versions.sql");
    for (const f of files.slice(0, mine)) await copyFile(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    const db = await openPglite();
    try {
      await migrate(db, dir);
      const { rows: [org] } = await db.query<{ id: string }>(`insert into organizations (slug, name) values ('before', 'Before') returning id::text`);
      const { rows: [row] } = await db.query<{ id: string }>(`insert into integrations (org_id, provider, name, status) values ($1, 'openai', 'default', 'VALID') returning id::text`, [org.id]);
      const vault = createVault({ kek: await loadLocalKek(await mkdtemp(path.join(tmpdir(), "sb-kek-"))), cacheTtlMs: 60_000 });
      const ref = { orgId: org.id, integrationId: row.id, provider: "openai" };
      // Sealed as every credential was before versions: version 0's AAD is that original shape.
      const sealed = await vault.seal(db, { ...ref, secretVersion: 0 }, "sk-from-before");
      await db.query(`insert into integration_secrets (integration_id, org_id, key_version, iv, ciphertext, auth_tag) values ($1, $2, $3, $4, $5, $6)`,
        [row.id, org.id, sealed.keyVersion, sealed.iv, sealed.ciphertext, sealed.authTag]);

      await migrate(db); // every migration, this one included
      expect(await vault.open(db, ref, (await readSecret(db, ref))!)).toBe("sk-from-before");
      const { rows: [fresh] } = await db.query<{ id: string; v: number }>(
        `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'openai', 'second', false, 'VALID') returning id::text, secret_version as v`, [org.id]);
      expect(fresh.v).toBe(1);
      const next = { ...ref, integrationId: fresh.id };
      await writeSecret(db, next, await vault.seal(db, { ...next, secretVersion: 1 }, "sk-after"));
      expect(await vault.open(db, next, (await readSecret(db, next))!)).toBe("sk-after");
    } finally {
      await db.close();
    }
  });
});
