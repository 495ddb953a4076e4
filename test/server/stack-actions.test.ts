import { analyzeStackAction } from "@/actions/stack/analyze-stack";
import { requestMissingAction } from "@/actions/stack/request-missing";
import { setStackModelAction } from "@/actions/stack/set-stack-model";
import { stackModelEnabled } from "@/lib/stack/settings";
import { apiWorld } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

// The actions run with a signed-in user and this test's database; everything else is real.
const mockCurrent = { world: undefined as undefined | Awaited<ReturnType<typeof apiWorld>>, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.world!.db }));
jest.mock("@/lib/integrations/deps", () => ({ integrationDeps: async () => mockCurrent.world!.deps }));
jest.mock("@/lib/requests/deps", () => ({ requestApiDeps: async () => mockCurrent.world!.deps }));
jest.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

describe.each(dbKinds)("the stack analyzer's actions on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  const as = (id: string) => (mockCurrent.user.id = id);

  beforeAll(async () => {
    world = mockCurrent.world = await apiWorld(kind, "stackact");
  });
  afterAll(() => world.close());

  it("lets any member analyze, and no one outside the org", async () => {
    as(world.a.users.member);
    const ok = await analyzeStackAction(null, { orgSlug: world.a.slug, description: "We take payments with Stripe." });
    expect(ok).toMatchObject({ ok: true, data: { groups: [{ category: "payments", integrations: [{ provider: "stripe", status: "NOT_CONFIGURED" }] }] } });
    as(await makeUser(world.db, "outsider"));
    expect(await analyzeStackAction(null, { orgSlug: world.a.slug, description: "Stripe" })).toMatchObject({ ok: false });
    as(world.b.users.owner);
    expect(await analyzeStackAction(null, { orgSlug: world.a.slug, description: "Stripe" })).toMatchObject({ ok: false });
  });

  it("refuses an empty description at its field", async () => {
    as(world.a.users.member);
    expect(await analyzeStackAction(null, { orgSlug: world.a.slug, description: " " })).toMatchObject({ ok: false, status: 400, fieldErrors: { description: [expect.stringMatching(/Describe the app/)] } });
  });

  it("lets only admins turn the model pass on, audits the change once, and changes nothing for a member", async () => {
    as(world.a.users.member);
    expect(await setStackModelAction(null, { orgSlug: world.a.slug, enabled: true })).toMatchObject({ ok: false, status: 403 });
    expect(await stackModelEnabled(world.db, world.a.orgId)).toBe(false);
    as(world.a.users.admin);
    const on = await setStackModelAction(null, { orgSlug: world.a.slug, enabled: true });
    expect(on).toMatchObject({ ok: true, data: { enabled: true } });
    expect(await setStackModelAction(null, { orgSlug: world.a.slug, enabled: true })).toMatchObject({ ok: true });
    expect(await stackModelEnabled(world.db, world.a.orgId)).toBe(true);
    expect(await stackModelEnabled(world.db, world.b.orgId)).toBe(false);
    const { rows } = await world.db.query<{ outcome: string }>(`select outcome from audit_events where org_id = $1 and action = 'stack.model_setting'`, [world.a.orgId]);
    expect(rows).toEqual([{ outcome: "enabled" }]);
  });
});

describe.each(dbKinds)("requesting the missing providers from the stack tiles on %s", (kind) => {
  let world: Awaited<ReturnType<typeof requestWorld>>;
  const requestWorld = async () => {
    const w = await apiWorld(kind, "stackreq");
    return { ...w, deps: { ...w.deps, hookTarget: async () => ({ ok: false as const, problem: "no callbacks in this test" }) } };
  };
  beforeAll(async () => {
    world = await requestWorld();
    mockCurrent.world = world as never;
  });
  afterAll(() => world.close());

  it("files one pending request per provider for a member, coalescing a repeat, and refuses outsiders and unknown ids", async () => {
    mockCurrent.user.id = world.a.users.member;
    const first = await requestMissingAction(null, { orgSlug: world.a.slug, providers: ["stripe", "resend"], reason: "Needed for the app." });
    expect(first).toMatchObject({ ok: true, data: { providers: ["stripe", "resend"] } });
    expect(await requestMissingAction(null, { orgSlug: world.a.slug, providers: ["stripe"], reason: "Needed for the app." })).toMatchObject({ ok: true });
    const { rows } = await world.db.query<{ provider: string; state: string }>(`select provider, state from credential_requests where org_id = $1 order by provider`, [world.a.orgId]);
    expect(rows).toEqual([{ provider: "resend", state: "pending" }, { provider: "stripe", state: "pending" }]);
    expect(await requestMissingAction(null, { orgSlug: world.a.slug, providers: ["not_a_provider"], reason: "Needed for the app." })).toMatchObject({ ok: false, status: 400 });
    mockCurrent.user.id = world.b.users.member;
    expect(await requestMissingAction(null, { orgSlug: world.a.slug, providers: ["stripe"], reason: "Needed for the app." })).toMatchObject({ ok: false });
  });

  it("takes the request dialog's form (providers comma-separated, the person's reason) and says when a request was already pending", async () => {
    mockCurrent.user = { id: world.a.users.member, email: "someone@example.test" };
    const form = (providers: string, reason: string) => {
      const f = new FormData();
      f.set("orgSlug", world.a.slug);
      f.set("providers", providers);
      f.set("reason", reason);
      return f;
    };
    const r = await requestMissingAction(null, form("vercel,netlify", "The preview deploys need a token."));
    expect(r).toMatchObject({ ok: true, data: { providers: ["vercel", "netlify"] }, message: "Asked the admins for 2 credentials." });
    const { rows } = await world.db.query<{ reason: string; expires: boolean }>(
      `select reason, expires_at > now() + interval '23 hours' as expires from credential_requests where org_id = $1 and provider = 'vercel'`, [world.a.orgId]);
    expect(rows).toEqual([{ reason: "The preview deploys need a token.", expires: true }]);
    expect(await requestMissingAction(null, form("vercel", "Again, please."))).toMatchObject({ ok: true, message: expect.stringMatching(/already asked for this credential/) });
    expect(await requestMissingAction(null, form("vercel,github", "And GitHub."))).toMatchObject({ ok: true, message: "Asked the admins for 1 credential. One was already asked for and still pending." });
    // A reason with a line break is refused at its field, and nothing is filed.
    expect(await requestMissingAction(null, form("linear", "Two\nlines"))).toMatchObject({ ok: false, status: 400, fieldErrors: { reason: [expect.any(String)] } });
    expect((await world.db.query(`select 1 from credential_requests where org_id = $1 and provider = 'linear'`, [world.a.orgId])).rows).toHaveLength(0);
  });

  it("files a request for someone whose email address is longer than the requester label holds", async () => {
    mockCurrent.user = { id: world.a.users.admin, email: `${"l".repeat(64)}@${"d".repeat(180)}.example` };
    expect(await requestMissingAction(null, { orgSlug: world.a.slug, providers: ["twilio"], reason: "Needed for the app." })).toMatchObject({ ok: true });
    const { rows } = await world.db.query<{ label: string }>(`select requester_label as label from credential_requests where org_id = $1 and provider = 'twilio'`, [world.a.orgId]);
    expect(rows[0].label).toHaveLength(200);
  });
});
