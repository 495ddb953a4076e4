import { createOrgApiKey } from "@/lib/api/manage-keys";
import { reserveCheck } from "@/lib/integrations/rate-limit";
import { revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { runScheduledRevalidation } from "@/lib/integrations/scheduler";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { ageChecks, healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;
const limits = { perPerson: 4, perOrg: 5, windowMinutes: 10 };

// The actions run with a signed-in admin and this test's database; everything else is real.
const mockCurrent = { env: undefined as undefined | Awaited<ReturnType<typeof healthEnv>>, user: { id: "", email: "admin@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.env!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.env!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe.each(dbKinds)("validation rate limit on %s", (kind) => {
  let env: Awaited<ReturnType<typeof healthEnv>>;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  // Checks already taken, as provider_checks rows: what the limit counts.
  const taken = (orgId: string, userId: string | null, n: number, minutesAgo = 0) =>
    env.db.query(`insert into provider_checks (org_id, user_id, created_at) select $1, $2, now() - make_interval(mins => $4) from generate_series(1, $3)`, [orgId, userId, n, minutesAgo]);

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
  });
  afterAll(() => env.close());

  it("counts a person's refused, stored and unverified keys and re-validations, but not a bad format", async () => {
    org = await makeOrg(env.db, `rate-${kind}`);
    const deps = { ...env.deps, checkLimits: limits };
    const admin = { userId: org.users.admin };
    const setup = (actor: { userId: string }, name: string, apiKey: string, skipValidation = false) =>
      setupIntegration(deps, actor, { orgId: org.orgId, provider: openai, name, credential: { apiKey }, skipValidation });
    env.fake.keys.set(openaiKey("r1"), "valid");
    const one = await setup(admin, "one", openaiKey("r1"));
    expect((await setup(admin, "two", openaiKey("nope"))).kind).toBe("rejected");
    expect((await setup(admin, "three", openaiKey("r3"), true)).kind).toBe("stored");
    expect((await setup(admin, "bad", "not a key")).kind).toBe("bad_input");
    expect(await revalidateIntegration(deps, admin, org.orgId, openai, one.kind === "stored" ? one.integrationId : "")).toMatchObject({ kind: "checked" });
    const calls = env.fake.requests.length;
    const refused = await setup(admin, "five", openaiKey("r1"));
    expect(refused).toMatchObject({ kind: "limited", error: expect.stringMatching(/^You have checked 4 keys in the last 10 minutes, the most allowed/) });
    expect(refused.kind === "limited" && refused.retryAfterSeconds).toBeGreaterThan(500);
    expect(env.fake.requests.length).toBe(calls);
    // Another admin of the same org still has room, until the org as a whole is full.
    const owner = { userId: org.users.owner };
    expect((await setup(owner, "six", openaiKey("r1"))).kind).toBe("stored");
    expect(await setup(owner, "seven", openaiKey("r1"))).toMatchObject({ kind: "limited", error: expect.stringMatching(/^This organization has checked 5 keys/) });
  });

  it("counts a person across orgs, and ignores the scheduler and checks outside the window", async () => {
    const user = await makeUser(env.db, "rate-roamer");
    const [a, b] = [await makeOrg(env.db, `rate-a-${kind}`), await makeOrg(env.db, `rate-b-${kind}`)];
    await taken(a.orgId, null, 50, 0); // checks of no person (none are written so, but they must not count for anyone)
    await taken(a.orgId, user, 3);
    await taken(b.orgId, user, 1, 11);
    expect(await reserveCheck(env.db, { userId: user }, b.orgId, { ...limits, perOrg: 100 })).toEqual({ ok: true });
    expect(await reserveCheck(env.db, { userId: user }, b.orgId, { ...limits, perOrg: 100 })).toMatchObject({ ok: false });
  });

  it("charges an API key's checks to its creator, and to the key itself once its creator is gone", async () => {
    const o = await makeOrg(env.db, `rate-key-${kind}`);
    const mk = async (name: string) => (await createOrgApiKey(env.db, { userId: o.users.admin }, { orgId: o.orgId, name, scopes: ["write"], createdBy: o.users.admin, expiresAt: null })).row;
    const [k1, k2] = [await mk("one"), await mk("two")];
    const one = { perPerson: 1, perOrg: 100, windowMinutes: 10 };
    expect(await reserveCheck(env.db, { userId: null, apiKey: k1.prefix }, o.orgId, one)).toEqual({ ok: true });
    expect(await reserveCheck(env.db, { userId: null, apiKey: k2.prefix }, o.orgId, one)).toMatchObject({ ok: false, error: expect.stringMatching(/^The person who created this API key has checked 1 keys in the last 10 minutes, across all their orgs and keys/) });
    expect(await reserveCheck(env.db, { userId: o.users.admin }, o.orgId, one)).toMatchObject({ ok: false, error: expect.stringMatching(/^You have checked 1 keys/) });
    await env.db.query(`update api_keys set created_by = null where id = $1`, [k2.id]);
    expect(await reserveCheck(env.db, { userId: null, apiKey: k2.prefix }, o.orgId, one)).toEqual({ ok: true });
    expect(await reserveCheck(env.db, { userId: null, apiKey: k2.prefix }, o.orgId, one)).toMatchObject({ ok: false, error: expect.stringMatching(/^This API key has checked 1 keys/) });
    // An actor that is neither a person nor a key cannot be charged, so it cannot check at all.
    await expect(reserveCheck(env.db, { userId: null }, o.orgId, one)).rejects.toThrow(/charged to a person or an API key/);
  });

  it("lets the scheduler run however full the window is", async () => {
    await ageChecks(env.db, org.orgId, 3 * 24 * 60);
    await env.db.query(`update integrations set last_checked_at = now() where org_id <> $1`, [org.orgId]);
    expect(await runScheduledRevalidation({ ...env.deps, checkLimits: limits }, { staleAfterMinutes: 60 })).toMatchObject({ ran: true, checked: 3 });
  });

  it("makes the setup and re-validate actions answer 429 before any provider call", async () => {
    const { setupIntegrationAction } = await import("@/actions/integrations/setup-integration");
    const { revalidateIntegrationAction } = await import("@/actions/integrations/revalidate-integration");
    const admin = mockCurrent.user.id = await makeUser(env.db, "rate-action");
    const o = await makeOrg(env.db, `rate-act-${kind}`);
    await env.db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [o.orgId, admin]);
    const id = await storeKey(env.deps, env.fake, o.orgId, o.users.admin, "openai", "prod", openaiKey("act"));
    await taken(o.orgId, admin, 30);
    const before = env.fake.requests.length;
    const setup = await setupIntegrationAction(null, { orgSlug: o.slug, provider: "openai", name: "again", "field.apiKey": openaiKey("act") });
    expect(setup).toMatchObject({ ok: false, status: 429, error: expect.stringMatching(/You have checked 30 keys/) });
    const check = await revalidateIntegrationAction(null, { orgSlug: o.slug, provider: "openai", integrationId: id });
    expect(check).toMatchObject({ ok: false, status: 429 });
    expect(env.fake.requests.length).toBe(before);
    // Saving without verifying is refused too: the scheduler would check it and show the verdict.
    const skip = await setupIntegrationAction(null, { orgSlug: o.slug, provider: "openai", name: "unverified", "field.apiKey": openaiKey("act"), skipValidation: "true" });
    expect(skip).toMatchObject({ ok: false, status: 429 });
    expect((await env.db.query(`select 1 from integrations where org_id = $1 and name = 'unverified'`, [o.orgId])).rows).toHaveLength(0);
  });
});
