import { setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import type { ApiDeps } from "@/lib/api/context";
import { createOrgApiKey } from "@/lib/api/manage-keys";
import { setupIntegration } from "@/lib/integrations/service";
import { createOrg } from "@/lib/orgs/queries";
import { getProvider } from "@/lib/providers";
import { apiRequest, openaiKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { healthEnv, storeKey } from "../helpers/health";

// Points 4 and 5 of issue 13: the limit on provider checks is exact however many requests arrive
// at once, is charged to the person behind every path (UI action, REST API with any of their
// keys, in any of their orgs), and nothing concurrent answers 500. The limits are the defaults
// (30 per person, 100 per org, in 10 minutes) unless a test says otherwise.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

const openai = getProvider("openai")!;
// Hundreds of requests and several password hashes per test on a shared machine: room to finish.
jest.setTimeout(120_000);
/** A provider verdict (stored, rejected, or the provider unreachable): the check was made. */
const ANSWERED = [200, 422, 503];

describe.each(dbKinds)("provider-check limit under concurrency on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let api: ApiDeps;
  const stored = async (orgId: string) => (await env.db.query<{ n: number }>(`select count(*)::int as n from integrations where org_id = $1`, [orgId])).rows[0].n;
  const defaults = async (orgId: string) =>
    (await env.db.query<{ n: number }>(`select count(*)::int as n from integrations where org_id = $1 and is_default`, [orgId])).rows[0].n;
  const post = (key: string, slug: string, json: unknown, path = "setup") =>
    (path === "setup" ? setupIntegrationHandler : validateIntegrationHandler)(
      apiRequest("POST", `/api/v1/integrations/${slug}/openai/${path}`, { key, json }), { orgSlug: slug, provider: "openai" }, api);

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
    // Hundreds of calls at once on a busy machine: no check may time out into "unverified".
    const context = env.deps.context;
    env.deps.context = (id) => ({ ...context(id), timeoutMs: 60_000 });
    api = { ...env.deps, rateLimit: { limit: 10_000, windowSeconds: 60 } };
    for (let i = 0; i < 220; i++) env.fake.keys.set(openaiKey(`race${i}`), i % 3 === 0 ? "invalid" : "valid");
  });
  afterAll(() => env.close());

  it("answers at most the per-person limit when one account sends 220 checks through 8 keys in 2 orgs at once", async () => {
    const person = await makeUser(env.db, "roamer");
    const orgs = [await createOrg(env.db, person, "Roam A", `roam-a-${kind}`), await createOrg(env.db, person, "Roam B", `roam-b-${kind}`)];
    const keys: { key: string; slug: string }[] = [];
    for (const org of orgs) {
      for (let k = 0; k < 4; k++) {
        const { key } = await createOrgApiKey(env.db, { userId: person }, { orgId: org!.id, name: `k${k}`, scopes: ["write"], createdBy: person, expiresAt: null });
        keys.push({ key, slug: org!.slug });
      }
    }
    // One stored credential per org, stored by someone else, for the re-validations in the mix.
    const seeder = await makeUser(env.db, "seeder");
    for (const org of orgs) await storeKey(env.deps, env.fake, org!.id, seeder, "openai", "seed", openaiKey("race1"));
    const calls = env.fake.requests.length;
    const res = await Promise.all(Array.from({ length: 220 }, (_, i) => {
      const { key, slug } = keys[i % keys.length];
      return i % 5 === 4 ? post(key, slug, {}, "validate?name=seed") : post(key, slug, { credential: openaiKey(`race${i}`), credential_name: `n${i}` });
    }));
    const statuses = res.map((r) => r.status);
    // 200 stored or re-validated, 422 rejected by the provider: answered checks. Nothing else may happen.
    expect(statuses.filter((s) => s !== 429)).toHaveLength(30);
    expect(statuses.every((s) => [...ANSWERED, 429].includes(s))).toBe(true);
    expect(env.fake.requests.length - calls).toBe(30);
    const revalidated = res.filter((r, i) => i % 5 === 4 && r.status === 200).length;
    expect((await stored(orgs[0]!.id)) + (await stored(orgs[1]!.id))).toBe(2 + statuses.filter((s) => s === 200).length - revalidated);
    const refused = res.find((r) => r.status === 429)!;
    expect(await refused.json()).toMatchObject({ error: { code: "validation_rate_limited", message: expect.stringMatching(/person who created this API key/) } });
    // The same person in the UI has nothing left either: one budget for every path.
    mockCurrent.user.id = person;
    const { setupIntegrationAction } = await import("@/actions/integrations/setup-integration");
    expect(await setupIntegrationAction(null, { orgSlug: orgs[0]!.slug, provider: "openai", name: "ui", "field.apiKey": openaiKey("race1") }))
      .toMatchObject({ ok: false, status: 429 });
  });

  it("stores exactly the limit from 60 parallel API saves on one key, answers the rest 429 and none 500", async () => {
    const org = await makeOrg(env.db, `race-api-${kind}`);
    const { key } = await createOrgApiKey(env.db, { userId: org.users.admin }, { orgId: org.orgId, name: "ci", scopes: ["write"], createdBy: org.users.admin, expiresAt: null });
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      post(key, org.slug, { credential: openaiKey(`race${3 * i + 1}`), credential_name: `save${i}`, skip_validation: i % 2 === 0 })));
    const statuses = res.map((r) => r.status);
    expect(statuses.every((s) => [...ANSWERED, 429].includes(s))).toBe(true);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(await stored(org.orgId)).toBe(statuses.filter((s) => s === 200).length);
    expect(await defaults(org.orgId)).toBe(1);
  });

  it("stores exactly the limit from 60 parallel setup-action saves by one admin, answers the rest 429 and none 500", async () => {
    const { setupIntegrationAction } = await import("@/actions/integrations/setup-integration");
    const org = await makeOrg(env.db, `race-ui-${kind}`);
    mockCurrent.user.id = org.users.admin;
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      setupIntegrationAction(null, { orgSlug: org.slug, provider: "openai", name: `ui${i}`, "field.apiKey": openaiKey(`race${3 * i + 2}`), ...(i % 2 ? { skipValidation: "true" } : {}) })));
    const statuses = res.map((r) => (r.ok ? 200 : r.status));
    expect(statuses.every((s) => [...ANSWERED, 429].includes(s))).toBe(true);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(await stored(org.orgId)).toBe(statuses.filter((s) => s === 200).length);
    expect(await defaults(org.orgId)).toBe(1);
  });

  it("holds the per-org limit exactly when 60 checks by three people of one org arrive at once", async () => {
    const org = await makeOrg(env.db, `race-org-${kind}`);
    const people = [org.users.owner, org.users.admin, await makeUser(env.db, "third")];
    const deps = { ...env.deps, checkLimits: { perPerson: 1000, perOrg: 40, windowMinutes: 10 } };
    const res = await Promise.all(Array.from({ length: 60 }, (_, i) =>
      setupIntegration(deps, { userId: people[i % 3] }, { orgId: org.orgId, provider: openai, name: `org${i}`, credential: { apiKey: openaiKey(`race${3 * i + 1}`) }, skipValidation: i % 2 === 0 })));
    expect(res.filter((r) => r.kind === "limited")).toHaveLength(20);
    expect(res.find((r) => r.kind === "limited")).toMatchObject({ error: expect.stringMatching(/^This organization has checked 40 keys/) });
    expect(await stored(org.orgId)).toBe(res.filter((r) => r.kind === "stored").length);
  });
});
