import { signInAction } from "@/actions/auth/sign-in";
import { createInviteAction } from "@/actions/members/create-invite";
import { authenticateApiKey } from "@/lib/api/auth";
import { traceFailedSignIn, traceRefusedAction } from "@/lib/auth/traces";
import type { Db } from "@/lib/db/types";
import { addMember } from "@/lib/orgs/queries";
import { apiRequest, apiWorld, makeKey } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

// Actions run with this test's user and database; what they leave for after the answer is
// collected here and awaited by the test, as Next runs it once the response has gone out.
const mockCurrent = { db: undefined as Db | undefined, user: { id: "", email: "someone@example.test" }, later: [] as (() => Promise<unknown>)[] };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "198.51.100.50", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("next/cache", () => ({ revalidatePath: () => {} }));
jest.mock("next/server", () => ({ after: (task: () => Promise<unknown>) => { mockCurrent.later.push(task); } }));
// Fixtures hash real passwords; the machine may be busy.
jest.setTimeout(120_000);
const afterTheAnswer = async () => { await Promise.all(mockCurrent.later.splice(0).map((task) => task())); };

describe.each(dbKinds)("traces of attacks in the audit log on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  let db: Db;
  const rows = async (orgId: string, action: string) =>
    (await db.query<{ outcome: string; actor: string | null; ip: string | null; metadata: Record<string, string> }>(
      `select outcome, actor_user_id as actor, ip, metadata from audit_events where org_id = $1 and action = $2 order by id`, [orgId, action])).rows;
  beforeAll(async () => {
    world = await apiWorld(kind, "trace");
    db = mockCurrent.db = world.db;
  });
  afterAll(() => world.close());

  it("records a failed sign-in in every org of the account, at most once a minute per address, even 50 at once", async () => {
    const email = (await db.query<{ email: string }>(`select email from users where id = $1`, [world.a.users.member])).rows[0].email;
    await addMember(db, world.b.orgId, world.a.users.member, "member");
    await Promise.all(Array.from({ length: 50 }, () => traceFailedSignIn(db, { userId: null, ip: "203.0.113.5", userAgent: "x" }, email.toUpperCase(), "wrong password")));
    for (const org of [world.a, world.b]) {
      expect(await rows(org.orgId, "auth.sign_in_failed")).toEqual([{ outcome: "wrong password", actor: null, ip: "203.0.113.5", metadata: { account: email } }]);
    }
    // Other addresses: one each, up to 10 a minute for the account however many addresses try.
    await Promise.all(Array.from({ length: 30 }, (_, i) => traceFailedSignIn(db, { userId: null, ip: `192.0.2.${i + 1}` }, email, "locked")));
    expect(await rows(world.a.orgId, "auth.sign_in_failed")).toHaveLength(10);
    // An address nobody has: nothing to record, and no error.
    await traceFailedSignIn(db, { userId: null, ip: "203.0.113.5" }, "nobody@example.test", "wrong password");
  });

  it("records a failed sign-in through the sign-in action, after its answer", async () => {
    const email = (await db.query<{ email: string }>(`select email from users where id = $1`, [world.a.users.owner])).rows[0].email;
    const forOwner = async () => (await rows(world.a.orgId, "auth.sign_in_failed")).filter((r) => r.metadata.account === email);
    expect(await signInAction(null, { email, password: "not the password" })).toMatchObject({ ok: false, status: 401 });
    expect(await forOwner()).toEqual([]);
    await afterTheAnswer();
    expect(await forOwner()).toEqual([{ outcome: "wrong password", actor: null, ip: "198.51.100.50", metadata: { account: email } }]);
  });

  it("records a refused server action in the org it aimed at, after an answer that is the same whether that org exists", async () => {
    const outsider = await makeUser(db, "outsider");
    mockCurrent.user = { id: outsider, email: "outsider@example.test" };
    const input = (orgSlug: string) => ({ orgSlug, note: "Mallory", role: "admin" });
    const there = await createInviteAction(null, input(world.a.slug));
    const nowhere = await createInviteAction(null, input("no-such-org-here"));
    expect(there).toEqual(nowhere);
    expect(there).toMatchObject({ ok: false, status: 403 });
    expect(await rows(world.a.orgId, "access.refused")).toEqual([]); // nothing before the answer is out
    await afterTheAnswer();
    expect(await rows(world.a.orgId, "access.refused")).toEqual([{ outcome: "not a member", actor: outsider, ip: "198.51.100.50", metadata: {} }]);
    const { rows: anywhere } = await db.query(`select 1 from audit_events where action = 'access.refused' and actor_user_id = $1`, [outsider]);
    expect(anywhere).toHaveLength(1);

    // Again within the minute: no second record. A member asking for an admin's action: recorded as such.
    await createInviteAction(null, input(world.a.slug));
    mockCurrent.user = { id: world.a.users.member, email: "member@example.test" };
    expect(await createInviteAction(null, input(world.a.slug))).toMatchObject({ ok: false, status: 403 });
    await afterTheAnswer();
    expect((await rows(world.a.orgId, "access.refused")).map((r) => [r.outcome, r.actor])).toEqual([["not a member", outsider], ["needs admin", world.a.users.member]]);
    // Not an org address at all: nothing.
    await traceRefusedAction(db, { userId: outsider }, "Not A Slug\u0000", "not_member", "admin");
  });

  it("records a REST call with another org's key in the key's own org, naming the org asked for", async () => {
    const { key, prefix } = await makeKey(db, world.b, ["read"]);
    const call = () => authenticateApiKey(apiRequest("GET", `/api/v1/orgs/${world.a.slug}/integrations`, { key, ip: "203.0.113.77" }), db,
      { orgSlug: world.a.slug, scope: "read", rateLimit: world.deps.rateLimit });
    const answers = await Promise.all(Array.from({ length: 5 }, call));
    for (const a of answers) expect(!a.ok && a.response.status).toBe(403);
    // ip null: a handler called directly has no socket, and X-Forwarded-For counts only behind TRUST_PROXY_HOPS.
    expect(await rows(world.b.orgId, "access.refused")).toEqual([{ outcome: "org forbidden", actor: null, ip: null, metadata: { requested_org: world.a.slug, api_key: prefix } }]);
    expect((await rows(world.a.orgId, "access.refused")).filter((r) => r.outcome === "org forbidden")).toEqual([]);
  });
});
