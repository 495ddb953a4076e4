import { envHandler } from "@/lib/api/env";
import type { ApiDeps, ApiHandler } from "@/lib/api/context";
import { getIntegrationHandler, listIntegrationsHandler } from "@/lib/api/integrations-read";
import { deleteIntegrationHandler, setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import type { Scope } from "@/lib/api/keys";
import { listIntegrations } from "@/lib/integrations/queries";
import { setupIntegration } from "@/lib/integrations/service";
import { getProvider } from "@/lib/providers";
import { apiRequest, apiWorld, makeKey, openaiKey, type Org } from "../helpers/api";
import { dbKinds } from "../helpers/db";

interface Endpoint { name: string; scope: Scope; method: string; path: (slug: string) => string; handler: ApiHandler; provider?: boolean; json?: unknown }

const GOOD = openaiKey("authgood");
const ENDPOINTS: Endpoint[] = [
  { name: "list", scope: "read", method: "GET", path: (s) => `/api/v1/integrations/${s}`, handler: listIntegrationsHandler },
  { name: "get", scope: "read", method: "GET", path: (s) => `/api/v1/integrations/${s}/openai`, handler: getIntegrationHandler, provider: true },
  { name: "setup", scope: "write", method: "POST", path: (s) => `/api/v1/integrations/${s}/openai/setup`, handler: setupIntegrationHandler, provider: true, json: { credential: GOOD } },
  { name: "validate", scope: "write", method: "POST", path: (s) => `/api/v1/integrations/${s}/openai/validate`, handler: validateIntegrationHandler, provider: true },
  { name: "delete", scope: "write", method: "DELETE", path: (s) => `/api/v1/integrations/${s}/openai`, handler: deleteIntegrationHandler, provider: true },
  { name: "env", scope: "export", method: "GET", path: (s) => `/api/v1/env/${s}`, handler: envHandler },
];

describe.each(dbKinds)("API key authentication on every /api/v1 endpoint on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let keys: Record<"all" | "otherOrg" | "expired" | "revoked", string>;
  const call = (e: Endpoint, slug: string, key: string | undefined, deps: ApiDeps = world.deps) =>
    e.handler(apiRequest(e.method, e.path(slug), { key, json: e.json }), { orgSlug: slug, provider: e.provider ? "openai" : undefined }, deps);
  const error = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code });
  const storeOpenai = (org: Org) =>
    setupIntegration(world.deps, { userId: org.users.admin }, { orgId: org.orgId, provider: getProvider("openai")!, name: "default", credential: { apiKey: GOOD }, skipValidation: false });

  beforeAll(async () => {
    world = await apiWorld(kind, "auth");
    world.fake.keys.set(GOOD, "valid");
    const all: Scope[] = ["read", "write", "export"];
    keys = {
      all: (await makeKey(world.db, world.a, all)).key,
      otherOrg: (await makeKey(world.db, world.b, all)).key,
      expired: (await makeKey(world.db, world.a, all, { expiresAt: new Date(Date.now() - 1000) })).key,
      revoked: (await makeKey(world.db, world.a, all, { revoked: true })).key,
    };
  });
  afterAll(() => world.close());

  describe.each(ENDPOINTS)("$name ($method, needs $scope)", (e) => {
    it("answers 200 with a good key", async () => {
      await storeOpenai(world.a);
      const res = await call(e, world.a.slug, keys.all);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("x-ratelimit-limit")).toBe("10000");
    });

    it("answers 401 for a missing, malformed, unknown or wrong-secret key", async () => {
      expect(await error(await call(e, world.a.slug, undefined))).toEqual({ status: 401, code: "missing_api_key" });
      const [, prefix] = keys.all.split("_");
      for (const bad of ["hello", `sbk_zzzzzzzz_${"A".repeat(43)}`, `sbk_${prefix}_${"B".repeat(43)}`]) {
        expect(await error(await call(e, world.a.slug, bad))).toEqual({ status: 401, code: "invalid_api_key" });
      }
    });

    it("answers 401 for an expired and a revoked key, each with its own code", async () => {
      expect(await error(await call(e, world.a.slug, keys.expired))).toEqual({ status: 401, code: "api_key_expired" });
      expect(await error(await call(e, world.a.slug, keys.revoked))).toEqual({ status: 401, code: "api_key_revoked" });
    });

    it("answers 403 org_forbidden for another org's key and changes nothing there", async () => {
      await storeOpenai(world.a);
      const before = await listIntegrations(world.db, world.a.orgId);
      expect(await error(await call(e, world.a.slug, keys.otherOrg))).toEqual({ status: 403, code: "org_forbidden" });
      expect(await listIntegrations(world.db, world.a.orgId)).toEqual(before);
    });

    it("answers 403 insufficient_scope for a key without the scope", async () => {
      const others = (["read", "write", "export"] as Scope[]).filter((s) => s !== e.scope);
      const { key } = await makeKey(world.db, world.a, others);
      const res = await call(e, world.a.slug, key);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "insufficient_scope", required_scope: e.scope } });
    });

    it("answers for a nonexistent org exactly as for another existing org", async () => {
      const existing = await call(e, world.b.slug, keys.all);
      const missing = await call(e, "no-such-org-anywhere", keys.all);
      expect(missing.status).toBe(existing.status);
      expect(await missing.text()).toBe(await existing.text());
      // A wrong key learns nothing either way.
      expect(await (await call(e, world.b.slug, "sbk_nope")).text()).toBe(await (await call(e, "no-such-org-anywhere", "sbk_nope")).text());
    });
  });

  it("records the last use of a key", async () => {
    const { key, id } = await makeKey(world.db, world.a, ["read"]);
    const used = async () => (await world.db.query<{ last_used_at: Date | null }>(`select last_used_at from api_keys where id = $1`, [id])).rows[0].last_used_at;
    expect(await used()).toBeNull();
    await call(ENDPOINTS[0], world.a.slug, key);
    expect(await used()).toBeInstanceOf(Date);
  });

  it("rate-limits per key in the database, with 429 and Retry-After, across instances", async () => {
    const limited = { ...world.deps, rateLimit: { limit: 3, windowSeconds: 60 } };
    const secondInstance = { ...world.deps, rateLimit: { limit: 3, windowSeconds: 60 } };
    const { key, id } = await makeKey(world.db, world.a, ["read"]);
    const { key: other } = await makeKey(world.db, world.a, ["read"]);
    const list = ENDPOINTS[0];
    expect((await call(list, world.a.slug, key, limited)).status).toBe(200);
    expect((await call(list, world.a.slug, key, secondInstance)).status).toBe(200);
    const third = await call(list, world.a.slug, key, limited);
    expect(third.headers.get("x-ratelimit-remaining")).toBe("0");
    const res = await call(list, world.a.slug, key, secondInstance);
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(await res.json()).toMatchObject({ error: { code: "rate_limited", retry_after: retry } });
    // Another key has its own budget; a new window starts afresh.
    expect((await call(list, world.a.slug, other, limited)).status).toBe(200);
    await world.db.query(`update api_key_usage set window_start = window_start - interval '1 hour' where key_id = $1`, [id]);
    expect((await call(list, world.a.slug, key, limited)).status).toBe(200);
  });
});
