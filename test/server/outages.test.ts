import { jest } from "@jest/globals";
import { listIntegrationsHandler } from "@/lib/api/integrations-read";
import { setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import { isDatabaseUnavailable } from "@/lib/db/availability";
import { openPostgres } from "@/lib/db/postgres";
import { createKmsKek } from "@/lib/vault/kms-kek";
import { createVault } from "@/lib/vault/vault";
import { startKmsFake, type KmsFake } from "../fakes/kms-fake";
import { apiRequest, apiWorld, makeKey, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";

// What the soak (npm run soak) found answering 500: the database restarting, and the key service down.

describe("a database that cannot be reached", () => {
  it("is told apart from a query that failed for its own reasons", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is starting up"), { code: "57P03" }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error("connect"), { code: "ECONNREFUSED" })]))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error("syntax error"), { code: "42601" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("Something else"))).toBe(false);
  });

  it("makes an API call answer 503 database_unavailable with a sentence, not 500", async () => {
    // Nothing listens on port 1: every connection is refused, as while PostgreSQL restarts.
    const db = openPostgres("postgres://postgres@127.0.0.1:1/none", 1);
    try {
      const deps = { db, vault: createVault({ kek: createKmsKek("k", { region: "us-east-1" }), cacheTtlMs: 0 }), context: () => { throw new Error("unused"); }, rateLimit: { limit: 10, windowSeconds: 60 } };
      const res = await listIntegrationsHandler(apiRequest("GET", "/api/v1/integrations/acme", { key: `sbk_abcdefgh_${"x".repeat(43)}` }), { orgSlug: "acme" }, deps);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(await res.json()).toEqual({ error: { code: "database_unavailable", message: expect.stringMatching(/cannot reach its database.*nothing was read or changed/) } });
    } finally {
      await db.close();
    }
  });
});

describe("a vault error thrown by another copy of the vault module", () => {
  it("is still recognised: Next bundles lib/vault per route, and the process's one vault comes from the first bundle", async () => {
    const { isBrokenCredential, isKeyServiceDown } = await import("@/lib/vault/vault-types");
    let Other: typeof import("@/lib/vault/vault-types").VaultError | undefined;
    await jest.isolateModulesAsync(async () => {
      Other = (await import("@/lib/vault/vault-types")).VaultError;
    });
    const { VaultError } = await import("@/lib/vault/vault-types");
    expect(Other).not.toBe(VaultError);
    expect(isKeyServiceDown(new Other!("KMS unreachable", "kek_failed"))).toBe(true);
    expect(isBrokenCredential(new Other!("does not open", "cannot_open"))).toBe(true);
    expect(isKeyServiceDown(new Other!("does not open", "cannot_open"))).toBe(false);
    expect(isKeyServiceDown(Object.assign(new Error("x"), { code: "kek_failed" }))).toBe(false);
  });
});

describe.each(dbKinds)("saving while the key service is unreachable on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let kms: KmsFake;
  beforeAll(async () => {
    [world, kms] = await Promise.all([apiWorld(kind, "kms-save"), startKmsFake(["key-a"])]);
  }, 120_000); // a fresh database and its migrations, on a loaded machine
  afterAll(async () => {
    await Promise.all([world?.close(), kms?.close()]);
  });
  const kmsConfig = (endpoint: string) => ({ endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" }, maxAttempts: 1 });
  const rows = async () => (await world.db.query(`select 1 from integrations where org_id = $1`, [world.a.orgId])).rows.length;
  const stores = async () => (await world.db.query(`select 1 from audit_events where org_id = $1 and action = 'integration.store'`, [world.a.orgId])).rows.length;

  it('answers 503 key_service_unavailable ("the key service is unavailable") and stores nothing; re-validating too', async () => {
    const key = (await makeKey(world.db, world.a, ["write"])).key;
    world.fake.keys.set(openaiKey("kms-save"), "valid");
    // No org key is cached (TTL 0) and the org has none yet: sealing needs KMS.
    const down = { ...world.deps, vault: createVault({ kek: createKmsKek("key-a", kmsConfig("http://127.0.0.1:9")), cacheTtlMs: 0 }) };
    const setup = (deps: typeof down) => setupIntegrationHandler(
      apiRequest("POST", `/api/v1/integrations/${world.a.slug}/openai/setup`, { key, json: { credential: openaiKey("kms-save") } }), { orgSlug: world.a.slug, provider: "openai" }, deps);
    const res = await setup(down);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "key_service_unavailable", message: expect.stringContaining("The key service is unavailable, so nothing was stored") } });
    expect(await rows()).toBe(0);
    expect(await stores()).toBe(0);

    // Stored while KMS answers; then re-validating with KMS gone cannot open it: 503 too, nothing recorded.
    const up = { ...world.deps, vault: createVault({ kek: createKmsKek("key-a", kmsConfig(kms.url)), cacheTtlMs: 0 }) };
    expect((await setup(up)).status).toBe(200);
    const validate = await validateIntegrationHandler(apiRequest("POST", `/api/v1/integrations/${world.a.slug}/openai/validate`, { key }), { orgSlug: world.a.slug, provider: "openai" }, down);
    expect(validate.status).toBe(503);
    expect(await validate.json()).toMatchObject({ error: { code: "key_service_unavailable" } });
    expect(await rows()).toBe(1);
  });
});

const pgUrl = process.env.DATABASE_URL;
(pgUrl ? describe : describe.skip)("a transaction whose connection dies under it (PostgreSQL)", () => {
  it("hands the pool no broken connection: the next query gets a working one", async () => {
    const db = openPostgres(pgUrl!, 1);
    try {
      // What a restart does to a connection mid-transaction: the server ends its backend (57P01).
      await expect(db.transaction((tx) => tx.query("select pg_terminate_backend(pg_backend_pid())"))).rejects.toMatchObject({ code: "57P01" });
      await expect(db.query<{ ok: number }>("select 1 as ok")).resolves.toEqual({ rows: [{ ok: 1 }] });
      await expect(db.transaction((tx) => tx.query<{ ok: number }>("select 2 as ok"))).resolves.toEqual({ rows: [{ ok: 2 }] });
    } finally {
      await db.close();
    }
  });
});
