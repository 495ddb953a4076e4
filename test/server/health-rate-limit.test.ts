import { checkValidationRate } from "@/lib/integrations/rate-limit";
import { revalidateIntegration, setupIntegration } from "@/lib/integrations/service";
import { runScheduledRevalidation } from "@/lib/integrations/scheduler";
import { getProvider } from "@/lib/providers";
import { dbKinds } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { ageChecks, healthEnv, openaiKey, storeKey } from "../helpers/health";

const openai = getProvider("openai")!;
const limits = { perUser: 4, perOrg: 5, windowMinutes: 10 };

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
  const attempts = (orgId: string, userId: string | null, n: number, action = "integration.validate", outcome = "invalid") =>
    env.db.query(`insert into audit_events (org_id, actor_user_id, action, outcome) select $1, $2, $3, $4 from generate_series(1, $5)`, [orgId, userId, action, outcome, n]);

  beforeAll(async () => {
    env = mockCurrent.env = await healthEnv(kind);
  });
  afterAll(() => env.close());

  it("counts a person's refused, stored and unverified keys and re-validations", async () => {
    org = await makeOrg(env.db, `rate-${kind}`);
    const admin = { userId: org.users.admin };
    const id = await storeKey(env.deps, env.fake, org.orgId, org.users.admin, "openai", "one", openaiKey("r1"));
    await setupIntegration(env.deps, admin, { orgId: org.orgId, provider: openai, name: "two", credential: { apiKey: openaiKey("nope") }, skipValidation: false });
    await setupIntegration(env.deps, admin, { orgId: org.orgId, provider: openai, name: "three", credential: { apiKey: openaiKey("r3") }, skipValidation: true });
    expect(await checkValidationRate(env.db, org.orgId, org.users.admin, limits)).toEqual({ ok: true });
    await revalidateIntegration(env.deps, admin, org.orgId, openai, id);
    const refused = await checkValidationRate(env.db, org.orgId, org.users.admin, limits);
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/You have checked 4 keys in the last 10 minutes/) });
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThan(500);
    // Another admin of the same org still has room, until the org as a whole is full.
    expect(await checkValidationRate(env.db, org.orgId, org.users.owner, limits)).toEqual({ ok: true });
    await attempts(org.orgId, org.users.owner, 2);
    expect(await checkValidationRate(env.db, org.orgId, org.users.owner, limits)).toMatchObject({ ok: false, error: expect.stringMatching(/This organization has checked 5 keys/) });
  });

  it("counts a person across orgs, and ignores the scheduler and attempts outside the window", async () => {
    const user = await makeUser(env.db, "rate-roamer");
    const [a, b] = [await makeOrg(env.db, `rate-a-${kind}`), await makeOrg(env.db, `rate-b-${kind}`)];
    await attempts(a.orgId, null, 50);
    await attempts(a.orgId, user, 3);
    await env.db.query(`insert into audit_events (org_id, actor_user_id, action, outcome, created_at) values ($1, $2, 'integration.validate', 'invalid', now() - interval '11 minutes')`, [b.orgId, user]);
    expect(await checkValidationRate(env.db, b.orgId, user, limits)).toEqual({ ok: true });
    await attempts(b.orgId, user, 1, "integration.store", "valid");
    expect(await checkValidationRate(env.db, b.orgId, user, limits)).toMatchObject({ ok: false });
  });

  it("lets the scheduler run however full the window is", async () => {
    await ageChecks(env.db, org.orgId, 3 * 24 * 60);
    await env.db.query(`update integrations set last_checked_at = now() where org_id <> $1`, [org.orgId]);
    expect(await runScheduledRevalidation(env.deps, { staleAfterMinutes: 60 })).toMatchObject({ ran: true, checked: 2 });
  });

  it("makes the setup and re-validate actions answer 429 before any provider call", async () => {
    const { setupIntegrationAction } = await import("@/actions/integrations/setup-integration");
    const { revalidateIntegrationAction } = await import("@/actions/integrations/revalidate-integration");
    const admin = mockCurrent.user.id = await makeUser(env.db, "rate-action");
    const o = await makeOrg(env.db, `rate-act-${kind}`);
    await env.db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [o.orgId, admin]);
    const id = await storeKey(env.deps, env.fake, o.orgId, o.users.admin, "openai", "prod", openaiKey("act"));
    await attempts(o.orgId, admin, 30);
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
