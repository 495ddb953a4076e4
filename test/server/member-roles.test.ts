import { changeMemberRoleAction } from "@/actions/members/change-member-role";
import { createSession, readSessionMember } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db/types";
import { createInvite, listOpenInvites } from "@/lib/orgs/invites";
import { changeMemberRole, listMembers } from "@/lib/orgs/members";
import { authorizeOrg } from "@/lib/orgs/authorize";
import { makeKey } from "../helpers/api";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

// The action runs with this test's signed-in user and database; everything else is real.
const mockCurrent = { db: undefined as Db | undefined, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.9", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("next/cache", () => ({ revalidatePath: () => {} }));

jest.setTimeout(120_000);

describe.each(dbKinds)("changing a member's role on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = mockCurrent.db = await freshDb(kind); });
  afterAll(() => db.close());

  let n = 0;
  const org = () => makeOrg(db, `roles-${kind}-${n++}`);
  const as = (id: string) => (mockCurrent.user = { id, email: "someone@example.test" });
  const change = (slug: string, userId: string, role: string) => changeMemberRoleAction(null, { orgSlug: slug, userId, role });
  const roleOf = async (orgId: string, userId: string) => (await listMembers(db, orgId)).find((m) => m.userId === userId)?.role;
  const owners = async (orgId: string) => (await listMembers(db, orgId)).filter((m) => m.role === "owner").map((m) => m.userId).sort();
  const addOwner = async (orgId: string) => {
    const user = await makeUser(db, "co-owner");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [orgId, user]);
    return user;
  };

  it("lets only owners change roles, and tells admins and members who can", async () => {
    const o = await org();
    for (const who of [o.users.admin, o.users.member]) {
      as(who);
      expect(await change(o.slug, o.users.member, "admin")).toEqual({ ok: false, status: 403, error: "Only an org owner can do this." });
    }
    expect(await roleOf(o.orgId, o.users.member)).toBe("member");
    as(o.users.owner);
    expect(await change(o.slug, o.users.member, "superuser")).toMatchObject({ ok: false, status: 400, fieldErrors: { role: ["Choose owner, admin or member."] } });
    expect(await change(o.slug, "00000000-0000-4000-8000-000000000000", "admin")).toEqual({ ok: false, status: 404, error: "That person is not a member any more." });
  });

  it("promotes at once, with an audit row naming old and new role and an event for open streams", async () => {
    const o = await org();
    const { token } = await createSession(db, o.users.member);
    expect((await readSessionMember(db, token, o.slug))?.membership?.role).toBe("member");
    as(o.users.owner);
    const done = await change(o.slug, o.users.member, "admin");
    expect(done).toMatchObject({ ok: true, data: { role: "admin" }, message: expect.stringMatching(/ is now an admin\.$/) });
    // Membership is read per request: the cached page read and the actions' check both see it now.
    expect((await readSessionMember(db, token, o.slug))?.membership?.role).toBe("admin");
    expect(await authorizeOrg(db, o.users.member, o.slug, "admin")).toMatchObject({ ok: true });

    const audit = (await db.query<{ actor: string; outcome: string; metadata: Record<string, string> }>(
      `select actor_user_id as actor, outcome, metadata from audit_events where org_id = $1 and action = 'member.role_change'`, [o.orgId])).rows;
    expect(audit).toEqual([{ actor: o.users.owner, outcome: "admin", metadata: { userId: o.users.member, account: expect.stringContaining("@example.test"), from: "member", to: "admin" } }]);
    const events = (await db.query<{ data: unknown }>(`select data from events where org_id = $1 and type = 'member.role_changed'`, [o.orgId])).rows;
    expect(events.map((e) => e.data)).toEqual([{ userId: o.users.member, role: "admin", previous: "member" }]);

    expect(await change(o.slug, o.users.member, "admin")).toMatchObject({ ok: true, message: expect.stringMatching(/ is already an admin; nothing changed\.$/) });
    expect((await db.query(`select 1 from audit_events where org_id = $1 and action = 'member.role_change'`, [o.orgId])).rows).toHaveLength(1);
  });

  it("takes from an admin made a member the API keys and open invite codes they created", async () => {
    const o = await org();
    const key = await makeKey(db, o, ["export"]);
    const code = await createInvite(db, { userId: o.users.admin }, { orgId: o.orgId, role: "member", note: "Bo", createdBy: o.users.admin });
    const ownersCode = await createInvite(db, { userId: o.users.owner }, { orgId: o.orgId, role: "member", note: "Cy", createdBy: o.users.owner });
    as(o.users.owner);
    expect(await change(o.slug, o.users.admin, "member")).toMatchObject({ ok: true });
    const revokedAt = (await db.query<{ r: Date | null }>(`select revoked_at as r from api_keys where id = $1`, [key.id])).rows[0].r;
    expect(revokedAt).toBeInstanceOf(Date);
    expect((await listOpenInvites(db, o.orgId)).map((i) => i.id)).toEqual([ownersCode.row.id]);
    expect(code.row.id).not.toBe(ownersCode.row.id);
    // Made an admin again, nothing comes back: the keys and codes stay revoked.
    expect(await change(o.slug, o.users.admin, "admin")).toMatchObject({ ok: true });
    expect((await db.query<{ r: Date | null }>(`select revoked_at as r from api_keys where id = $1`, [key.id])).rows[0].r).toBeInstanceOf(Date);
  });

  it("never demotes the last owner, who is told to make someone else an owner first", async () => {
    const o = await org();
    as(o.users.owner);
    for (const role of ["admin", "member"]) {
      expect(await change(o.slug, o.users.owner, role)).toEqual({
        ok: false, status: 409, error: "An organization needs at least one owner. Make someone else an owner first, then change your role.",
      });
    }
    expect(await owners(o.orgId)).toEqual([o.users.owner]);
    // With a second owner, the first may step down; the second is then the last.
    const second = await addOwner(o.orgId);
    expect(await change(o.slug, o.users.owner, "admin")).toMatchObject({ ok: true });
    as(second);
    expect(await change(o.slug, second, "member")).toMatchObject({ ok: false, status: 409 });
    expect(await owners(o.orgId)).toEqual([second]);
    // The owner who stepped down can no longer change roles.
    as(o.users.owner);
    expect(await change(o.slug, second, "member")).toEqual({ ok: false, status: 403, error: "Only an org owner can do this." });
  });

  // PGlite has one connection, so the two changes cannot overlap there.
  (kind === "postgres" ? it : it.skip)("of two owners demoting each other at the same time, one owner is left", async () => {
    const o = await org();
    const [a, b] = [o.users.owner, await addOwner(o.orgId)];
    let second: Promise<{ kind: string }> | undefined;
    await db.transaction(async (tx) => {
      expect(await changeMemberRole(tx, o.orgId, a, b, "admin")).toMatchObject({ kind: "changed" });
      // Another connection, while the first change is not yet committed: it waits for the owner rows.
      second = changeMemberRole(db, o.orgId, b, a, "admin");
      await new Promise((r) => setTimeout(r, 200));
    });
    // b was demoted before its own change could run, so it acts with no owner's authority.
    expect(await second).toEqual({ kind: "not_owner" });
    expect(await owners(o.orgId)).toEqual([a]);
  });

  (kind === "postgres" ? it : it.skip)("of two owners stepping down at the same time, one owner is left", async () => {
    const o = await org();
    const [a, b] = [o.users.owner, await addOwner(o.orgId)];
    let second: Promise<{ kind: string }> | undefined;
    await db.transaction(async (tx) => {
      expect(await changeMemberRole(tx, o.orgId, a, a, "member")).toMatchObject({ kind: "changed" });
      second = changeMemberRole(db, o.orgId, b, b, "member");
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await second).toEqual({ kind: "last_owner" });
    expect(await owners(o.orgId)).toEqual([b]);
  });

  (kind === "postgres" ? it : it.skip)("through the action, races between owners always leave exactly one owner", async () => {
    for (let round = 0; round < 5; round++) {
      const o = await org();
      const [a, b] = [o.users.owner, await addOwner(o.orgId)];
      as(a);
      const [byA, byB] = await Promise.all([
        changeMemberRoleAction(null, { orgSlug: o.slug, userId: b, role: "member" }),
        changeMemberRole(db, o.orgId, b, a, "member"),
      ]);
      expect([byA.ok, byB.kind === "changed"].filter(Boolean)).toHaveLength(1);
      expect(await owners(o.orgId)).toHaveLength(1);
    }
  });
});
