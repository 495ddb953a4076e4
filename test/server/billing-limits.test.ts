import type { ApiDeps } from "@/lib/api/context";
import { parseEnv, type Env } from "@/lib/env-schema";
import type { Db } from "@/lib/db/types";
import { startStripeFake, type StripeFake } from "../fakes/stripe-fake";
import { apiRequest, apiWorld, makeKey, openaiKey, type Org } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

// Billing on (the SDK points at a loopback fake, though limits never call Stripe); the signed-in
// user and the database are this test's; everything else is real.
const mockCurrent = { env: parseEnv({}) as Env, deps: undefined as ApiDeps | undefined, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/env", () => ({ get env() { return mockCurrent.env; } }));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.deps!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.deps! }));
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
jest.mock("next/navigation", () => ({ redirect: (to: string) => { throw Object.assign(new Error("redirect"), { digest: `NEXT_REDIRECT;${to}` }); } }));

import { acceptInviteAction } from "@/actions/members/accept-invite";
import { createInviteAction } from "@/actions/members/create-invite";
import { setupIntegrationAction } from "@/actions/integrations/setup-integration";
import { createConnectSessionAction } from "@/actions/oauth/create-connect-session";
import { setupIntegrationHandler, validateIntegrationHandler } from "@/lib/api/integrations-write";
import { checkPlanLimit } from "@/lib/billing/limits";
import { exportEnv } from "@/lib/env-export";
import { renameIntegration } from "@/lib/integrations/named";
import { deleteIntegration, setupIntegration } from "@/lib/integrations/service";
import { createInvite } from "@/lib/orgs/invites";
import { getProvider } from "@/lib/providers";

let stripe: StripeFake;
beforeAll(async () => {
  stripe = await startStripeFake();
  mockCurrent.env = parseEnv(stripe.env());
});
afterAll(() => stripe.close());

/** The org's subscription as the sync would have written it (the sync itself is billing-stripe.test.ts). */
async function subscribe(db: Db, orgId: string, plan: "free" | "team" | "business", status: string | null = "active", graceEnds: string | null = null) {
  await db.query(
    `insert into org_billing (org_id, stripe_customer_id, plan, status, grace_ends_at) values ($1, $2, $3, $4, $5::interval + now())
     on conflict (org_id) do update set plan = excluded.plan, status = excluded.status, grace_ends_at = excluded.grace_ends_at`,
    [orgId, `cus_${orgId.slice(0, 8)}`, plan, status, graceEnds],
  );
}

/** Fills an org with `n` stored credentials directly, so the edge of a big plan is quick to reach. */
async function fill(db: Db, orgId: string, n: number) {
  await db.query(`insert into integrations (org_id, provider, name, is_default, status)
    select $1, 'github', 'fill-' || g, false, 'VALID' from generate_series(1, $2::int) g`, [orgId, n]);
}

const count = async (db: Db, orgId: string) => (await db.query<{ n: number }>(`select count(*)::int as n from integrations where org_id = $1`, [orgId])).rows[0].n;

describe.each(dbKinds)("plan limits on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let db: Db;
  const openai = getProvider("openai")!;
  let n = 0;
  const save = (org: Org, name = `key-${n++}`) =>
    setupIntegration(world.deps, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name, credential: { apiKey: openaiKey(`k${n}`) }, skipValidation: true });
  const clear = async (org: Org) => db.query(`delete from integrations where org_id = $1`, [org.orgId]);

  beforeAll(async () => {
    world = await apiWorld(kind, "limits");
    // The per-person check budget is another test's subject; here it must not be what refuses.
    world.deps.checkLimits = { perPerson: 10_000, perOrg: 10_000, windowMinutes: 10 };
    db = world.db;
    mockCurrent.deps = world.deps;
  });
  afterAll(() => world.close());

  it("Free holds exactly 5 stored credentials; the 6th is refused, nothing stored, and replacing one by name still works", async () => {
    const org = world.a;
    for (let i = 0; i < 5; i++) expect(await save(org, `free-${i}`)).toMatchObject({ kind: "stored" });
    const refused = await save(org, "free-5");
    expect(refused).toEqual({ kind: "plan_limit", hit: { key: "credentials", plan: "free", planName: "Free", limit: 5, count: 5 } });
    expect(await count(db, org.orgId)).toBe(5);
    // Refused before the provider is asked: no call spent on a key that cannot be stored.
    world.fake.keys.set(openaiKey("live"), "valid");
    const calls = world.fake.requests.length;
    expect(await setupIntegration(world.deps, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name: "live", credential: { apiKey: openaiKey("live") }, skipValidation: false }))
      .toMatchObject({ kind: "plan_limit" });
    expect(world.fake.requests.length).toBe(calls);
    // Same provider and name replaces the key: no new credential.
    expect(await save(org, "free-0")).toMatchObject({ kind: "stored" });
    expect(await count(db, org.orgId)).toBe(5);
    await clear(org);
  });

  it.each([["team", 50], ["business", 500]] as const)("%s holds exactly %i", async (plan, limit) => {
    const org = world.a;
    await subscribe(db, org.orgId, plan);
    await fill(db, org.orgId, limit - 1);
    expect(await save(org)).toMatchObject({ kind: "stored" });
    expect(await save(org)).toMatchObject({ kind: "plan_limit", hit: { plan, limit, count: limit } });
    expect(await count(db, org.orgId)).toBe(limit);
    await clear(org);
    await subscribe(db, org.orgId, "free", null);
  });

  it("50 parallel saves at the edge of Free store exactly up to the limit", async () => {
    const org = world.b;
    await fill(db, org.orgId, 2);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => save(org, `parallel-${i}`)));
    expect(results.filter((r) => r.kind === "stored")).toHaveLength(3);
    expect(results.filter((r) => r.kind === "plan_limit")).toHaveLength(47);
    expect(await count(db, org.orgId)).toBe(5);
    // Every stored one has its sealed secret: no partial rows.
    expect((await db.query(`select 1 from integrations i where org_id = $1 and provider = 'openai'
      and not exists (select 1 from integration_secrets s where s.integration_id = i.id)`, [org.orgId])).rows).toHaveLength(0);
    await clear(org);
  });

  it("the setup action says which limit, the count, and how to raise it: a billing link for owners, ask an owner for admins", async () => {
    const org = world.a;
    await fill(db, org.orgId, 5);
    const attempt = () => setupIntegrationAction(null, { orgSlug: org.slug, provider: "openai", name: "over", "field.apiKey": openaiKey("over"), skipValidation: "true" });
    mockCurrent.user.id = org.users.owner;
    expect(await attempt()).toEqual({ ok: false, status: 402, error:
      `This organization has 5 stored credentials, and the Free plan allows 5, so nothing new was added. Upgrade the plan in Settings, Billing (/${org.slug}/settings/billing).` });
    mockCurrent.user.id = org.users.admin;
    expect(await attempt()).toMatchObject({ ok: false, status: 402, error: expect.stringMatching(/allows 5, so nothing new was added\. Ask an owner of the organization to upgrade the plan\.$/) });
    expect(await count(db, org.orgId)).toBe(5);
    await clear(org);
  });

  it("an OAuth connection over the limit is refused before a Nango session starts", async () => {
    const org = world.a;
    await fill(db, org.orgId, 5);
    mockCurrent.user.id = org.users.admin;
    expect(await createConnectSessionAction(null, { orgSlug: org.slug, provider: "github", name: "oauth" })).toMatchObject({
      ok: false, status: 402, error: expect.stringMatching(/^This organization has 5 stored credentials, and the Free plan allows 5/) });
    await clear(org);
  });

  it("the REST API answers 402 plan_limit_reached in the usual error shape", async () => {
    const org = world.a;
    await fill(db, org.orgId, 5);
    const { key } = await makeKey(db, org, ["write"]);
    const res = await setupIntegrationHandler(apiRequest("POST", "/x", { key, json: { credential: openaiKey("api"), credential_name: "api", skip_validation: true } }),
      { orgSlug: org.slug, provider: "openai" }, world.deps);
    expect(res.status).toBe(402);
    expect(await res.json()).toEqual({ error: {
      code: "plan_limit_reached", limit: "credentials", plan: "free", allowed: 5, count: 5,
      message: `This organization has 5 stored credentials, and the Free plan allows 5, so nothing new was added. An owner of the organization can upgrade it in Settings, Billing (/${org.slug}/settings/billing).`,
    } });
    expect(await count(db, org.orgId)).toBe(5);
    await clear(org);
  });

  it("after a downgrade what is over the limit keeps working read-only until the org is back under it", async () => {
    const org = world.a;
    await subscribe(db, org.orgId, "team");
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      world.fake.keys.set(openaiKey(`d${i}`), "valid");
      const r = await setupIntegration(world.deps, { userId: org.users.admin }, { orgId: org.orgId, provider: openai, name: `down-${i}`, credential: { apiKey: openaiKey(`d${i}`) }, skipValidation: false });
      if (r.kind !== "stored") throw new Error(r.kind);
      ids.push(r.integrationId);
    }
    await subscribe(db, org.orgId, "team", "canceled");
    // Nothing was removed or hidden; no new one fits; replacing a key counts as a write and waits too.
    expect(await count(db, org.orgId)).toBe(7);
    expect(await save(org)).toMatchObject({ kind: "plan_limit", hit: { limit: 5, count: 7 } });
    expect(await save(org, "down-1")).toMatchObject({ kind: "plan_limit" });
    // Existing ones still export, validate, rename and delete.
    const exported = await exportEnv(world.deps, { userId: org.users.admin }, { orgId: org.orgId, slug: org.slug, via: "api" });
    expect(exported.credentials.length).toBeGreaterThan(0);
    const { key } = await makeKey(db, org, ["write"]);
    const validated = await validateIntegrationHandler(apiRequest("POST", "/x?name=down-3", { key }), { orgSlug: org.slug, provider: "openai" }, world.deps);
    expect(validated.status).toBe(200);
    expect(await renameIntegration(db, { userId: org.users.admin }, org.orgId, "openai", ids[0], "renamed")).toMatchObject({ kind: "renamed" });
    for (const id of ids.slice(0, 3)) expect(await deleteIntegration(world.deps, { userId: org.users.admin }, org.orgId, id)).toBe(true);
    // 4 left: one more fits again.
    expect(await save(org)).toMatchObject({ kind: "stored" });
    expect(await save(org)).toMatchObject({ kind: "plan_limit", hit: { count: 5 } });
    await clear(org);
    await subscribe(db, org.orgId, "free", null);
  });

  it("a failed payment keeps the paid limits through the grace period, then Free's apply", async () => {
    const org = world.a;
    await fill(db, org.orgId, 5);
    await subscribe(db, org.orgId, "team", "past_due", "7 days");
    expect(await save(org)).toMatchObject({ kind: "stored" });
    await subscribe(db, org.orgId, "team", "past_due", "-1 minute");
    expect(await save(org)).toMatchObject({ kind: "plan_limit", hit: { plan: "free", count: 6 } });
    await clear(org);
    await subscribe(db, org.orgId, "free", null);
  });

  it("members: an invite that would pass the seats is refused; a code accepted over the limit is left unused", async () => {
    const org = world.b; // owner, admin, member: Free's 3 seats are full
    mockCurrent.user.id = org.users.admin;
    const invite = () => createInviteAction(null, { orgSlug: org.slug, note: "Newcomer", role: "member" });
    expect(await invite()).toEqual({ ok: false, status: 402, error:
      "This organization has 3 members, and the Free plan allows 3, so nothing new was added. Ask an owner of the organization to upgrade the plan." });
    expect((await db.query(`select 1 from invitations where org_id = $1`, [org.orgId])).rows).toHaveLength(0);

    await subscribe(db, org.orgId, "team");
    const created = await invite();
    expect(created).toMatchObject({ ok: true });
    const code = (created as { data: { code: string } }).data.code;
    await subscribe(db, org.orgId, "team", "canceled");
    const newcomer = await makeUser(db, "newcomer");
    mockCurrent.user.id = newcomer;
    expect(await acceptInviteAction(null, { code })).toEqual({ ok: false, status: 402, error:
      `${org.slug.toUpperCase()} has 3 members, and its Free plan allows 3, so you could not join and the code is left unused. Ask an owner of ${org.slug.toUpperCase()} to upgrade the plan or make room.` });
    expect((await db.query(`select 1 from memberships where org_id = $1 and user_id = $2`, [org.orgId, newcomer])).rows).toHaveLength(0);
    // Room again (a member left): the same code works.
    await db.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, org.users.member]);
    await expect(acceptInviteAction(null, { code })).rejects.toMatchObject({ digest: `NEXT_REDIRECT;/${org.slug}/integrations` });
    await subscribe(db, org.orgId, "free", null);
  });

  it("parallel invites at the edge of the seats create exactly the free ones", async () => {
    const org = world.b; // owner, admin and the newcomer now
    await db.query(`update invitations set revoked_at = now() where org_id = $1`, [org.orgId]);
    await subscribe(db, org.orgId, "team"); // 15 seats, 3 taken
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) =>
      createInvite(db, { userId: org.users.admin }, { orgId: org.orgId, role: "member", note: `p${i}`, createdBy: org.users.admin })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(12);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.name)).toEqual(Array(8).fill("PlanLimitError"));
    await subscribe(db, org.orgId, "free", null);
  });

  it("agents, webhook subscriptions and deployments have limits ready for the caller's count", async () => {
    const org = world.a;
    expect(await checkPlanLimit(db, org.orgId, "agents", { count: async () => 0 })).toBeNull();
    expect(await checkPlanLimit(db, org.orgId, "agents", { count: async () => 1 })).toEqual({ key: "agents", plan: "free", planName: "Free", limit: 1, count: 1 });
    expect(await checkPlanLimit(db, org.orgId, "deploymentsPerMonth", { count: async () => 9 })).toBeNull();
    expect(await checkPlanLimit(db, org.orgId, "webhookSubscriptions", { count: async () => 1 })).toMatchObject({ limit: 1 });
    await subscribe(db, org.orgId, "business");
    expect(await checkPlanLimit(db, org.orgId, "agents", { count: async () => 99 })).toBeNull();
    await expect(checkPlanLimit(db, org.orgId, "agents")).rejects.toThrow("pass opts.count");
    await subscribe(db, org.orgId, "free", null);
  });
});

describe.each(dbKinds)("billing rows under RLS on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  beforeAll(async () => { world = await apiWorld(kind, "billrls"); });
  afterAll(() => world.close());

  it("members read their own org's plan, never another org's, never the Stripe ids, and never the event log", async () => {
    const { asUser } = await import("@/lib/db/rls");
    await subscribe(world.db, world.a.orgId, "team");
    await subscribe(world.db, world.b.orgId, "business");
    await world.db.query(`insert into stripe_events (id, type, org_id) values ('evt_rls', 'invoice.paid', $1)`, [world.a.orgId]);
    const plans = await asUser(world.db, world.a.users.member, (tx) => tx.query(`select org_id, plan from org_billing`));
    expect(plans.rows).toEqual([{ org_id: world.a.orgId, plan: "team" }]);
    await expect(asUser(world.db, world.a.users.owner, (tx) => tx.query(`select stripe_customer_id from org_billing`))).rejects.toThrow(/permission denied/);
    await expect(asUser(world.db, world.a.users.owner, (tx) => tx.query(`select id from stripe_events`))).rejects.toThrow(/permission denied/);
    await expect(asUser(world.db, world.a.users.owner, (tx) => tx.query(`update org_billing set plan = 'business'`))).rejects.toThrow(/permission denied/);
  });
});
