import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { acceptInvite, createInvite, inviteCodeSchema, listOpenInvites, revokeInvite } from "@/lib/orgs/invites";
import { listMembers, removeMember } from "@/lib/orgs/members";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

// The actions run with this test's signed-in user and database; everything else is real.
const mockCurrent = { db: undefined as Db | undefined, user: { id: "", email: "someone@example.test" } };
jest.mock("@/lib/auth/current-user", () => ({
  getCurrentUser: async () => mockCurrent.user,
  requestActor: async (userId: string | null) => ({ userId, ip: "203.0.113.7", userAgent: "jest" }),
}));
jest.mock("@/lib/db", () => ({ getDb: async () => mockCurrent.db }));
jest.mock("next/cache", () => ({ revalidatePath: () => {} }));
jest.mock("next/navigation", () => ({
  redirect: (to: string) => { throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};307;` }); },
}));

describe.each(dbKinds)("invite codes on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let other: Awaited<ReturnType<typeof makeOrg>>;
  const actor = (userId: string) => ({ userId });
  const invite = (role: "admin" | "member" = "member", note = "Ada") =>
    createInvite(db, actor(org.users.admin), { orgId: org.orgId, role, note, createdBy: org.users.admin });

  beforeAll(async () => {
    db = mockCurrent.db = await freshDb(kind);
    org = await makeOrg(db, `inv-${kind}`);
    other = await makeOrg(db, `inv-other-${kind}`);
  });
  afterAll(() => db.close());

  it("keeps only a hash, and lets one person join once with the code's role", async () => {
    const { code, row } = await invite("admin", "Ada (design)");
    expect(inviteCodeSchema.safeParse(code).success).toBe(true);
    const { rows } = await db.query(`select * from invitations where id = $1`, [row.id]);
    expect(JSON.stringify(rows)).not.toContain(code.slice(4));
    expect((await listOpenInvites(db, org.orgId)).map((i) => i.note)).toContain("Ada (design)");

    const ada = await makeUser(db, "ada");
    expect(await acceptInvite(db, actor(ada), ada, code)).toEqual({ ok: true, slug: org.slug, orgName: org.slug.toUpperCase(), role: "admin" });
    expect((await listMembers(db, org.orgId)).find((m) => m.userId === ada)?.role).toBe("admin");
    expect((await listOpenInvites(db, org.orgId)).map((i) => i.id)).not.toContain(row.id);
    const eve = await makeUser(db, "eve");
    expect(await acceptInvite(db, actor(eve), eve, code)).toEqual({ ok: false, reason: "unusable" });

    const audit = await db.query<{ action: string; outcome: string; metadata: Record<string, string> }>(
      `select action, outcome, metadata from audit_events where org_id = $1 and action like 'member.%' and metadata ->> 'invite_id' = $2 order by id`, [org.orgId, row.id]);
    expect(audit.rows.map((r) => [r.action, r.outcome])).toEqual([["member.invite", "admin"], ["member.join", "admin"]]);
    expect(JSON.stringify(audit.rows)).not.toContain(code);
  });

  it("refuses revoked, expired and unknown codes alike, and leaves a code unused when a member enters it", async () => {
    const latecomer = await makeUser(db, "late");
    const revoked = await invite();
    expect(await revokeInvite(db, actor(other.users.owner), other.orgId, revoked.row.id)).toBe(false);
    expect(await revokeInvite(db, actor(org.users.admin), org.orgId, revoked.row.id)).toBe(true);
    expect(await revokeInvite(db, actor(org.users.admin), org.orgId, revoked.row.id)).toBe(false);
    const expired = await invite();
    await db.query(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [expired.row.id]);
    expect(await revokeInvite(db, actor(org.users.admin), org.orgId, expired.row.id)).toBe(false);
    for (const code of [revoked.code, expired.code, `sbi_${"A".repeat(32)}`]) {
      expect(await acceptInvite(db, actor(latecomer), latecomer, code)).toEqual({ ok: false, reason: "unusable" });
    }
    const spare = await invite();
    expect(await acceptInvite(db, actor(org.users.member), org.users.member, spare.code)).toEqual({ ok: false, reason: "already_member", slug: org.slug });
    expect(await acceptInvite(db, actor(latecomer), latecomer, spare.code)).toMatchObject({ ok: true, role: "member" });
    expect((await listMembers(db, org.orgId)).some((m) => m.userId === latecomer)).toBe(true);
  });

  it("stops a code working once its creator is no longer an admin there", async () => {
    const admin = await makeUser(db, "leaving-admin");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [org.orgId, admin]);
    const [kept, demoted] = [
      await createInvite(db, actor(admin), { orgId: org.orgId, role: "admin", note: "Backdoor", createdBy: admin }),
      await createInvite(db, actor(admin), { orgId: org.orgId, role: "member", note: "Later", createdBy: admin }),
    ];
    await db.query(`update memberships set role = 'member' where org_id = $1 and user_id = $2`, [org.orgId, admin]);
    const newcomer = await makeUser(db, "newcomer");
    expect(await acceptInvite(db, actor(newcomer), newcomer, demoted.code)).toEqual({ ok: false, reason: "unusable" });
    await db.query(`update memberships set role = 'admin' where org_id = $1 and user_id = $2`, [org.orgId, admin]);
    expect(await removeMember(db, org.orgId, admin)).toBe("removed");
    expect((await listOpenInvites(db, org.orgId)).map((i) => i.id)).not.toContain(kept.row.id);
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [org.orgId, admin]);
    expect(await acceptInvite(db, actor(newcomer), newcomer, kept.code)).toEqual({ ok: false, reason: "unusable" });
    await db.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, admin]);
  });

  (kind === "postgres" ? it : it.skip)("answers 'already a member', not an error, when one person redeems two codes at once", async () => {
    const [first, second] = [await invite(), await invite()];
    const twice = await makeUser(db, "twice");
    let other: Promise<unknown> | undefined;
    await db.transaction(async (tx) => {
      expect(await acceptInvite(tx, actor(twice), twice, first.code)).toMatchObject({ ok: true });
      other = acceptInvite(db, actor(twice), twice, second.code); // another connection, waiting on the first
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await other).toEqual({ ok: false, reason: "already_member", slug: org.slug });
    expect((await listOpenInvites(db, org.orgId)).map((i) => i.id)).toContain(second.row.id);
  });

  it("shows open invitations to the org's admins only through row-level security, and never the hash", async () => {
    await invite("member", "Grace");
    expect((await asUser(db, org.users.admin, (tx) => listOpenInvites(tx, org.orgId))).map((i) => i.note)).toContain("Grace");
    expect(await asUser(db, org.users.member, (tx) => listOpenInvites(tx, org.orgId))).toEqual([]);
    expect(await asUser(db, other.users.owner, (tx) => listOpenInvites(tx, org.orgId))).toEqual([]);
    await expect(asUser(db, org.users.owner, (tx) => tx.query(`select code_hash from invitations`))).rejects.toThrow(/permission denied/);
    await expect(asUser(db, org.users.owner, (tx) => tx.query(`update invitations set revoked_at = null`))).rejects.toThrow(/permission denied/);
  });

  it("lets admins create and revoke codes through the actions, refuses members, and joins through the accept action", async () => {
    const { createInviteAction } = await import("@/actions/members/create-invite");
    const { revokeInviteAction } = await import("@/actions/members/revoke-invite");
    const { acceptInviteAction } = await import("@/actions/members/accept-invite");
    const before = (await db.query(`select count(*)::int as n from invitations`)).rows[0];

    mockCurrent.user.id = org.users.member;
    expect(await createInviteAction(null, { orgSlug: org.slug, note: "Mallory", role: "admin" })).toMatchObject({ ok: false, status: 403 });
    mockCurrent.user.id = other.users.owner;
    expect(await createInviteAction(null, { orgSlug: org.slug, note: "Mallory", role: "admin" })).toMatchObject({ ok: false, status: 403 });
    mockCurrent.user.id = org.users.admin;
    expect(await createInviteAction(null, { orgSlug: org.slug, note: "  ", role: "owner" })).toMatchObject({ ok: false, status: 400, fieldErrors: { note: [expect.any(String)], role: [expect.any(String)] } });
    expect((await db.query(`select count(*)::int as n from invitations`)).rows[0]).toEqual(before);

    const created = await createInviteAction(null, { orgSlug: org.slug, note: "Linus", role: "member" });
    if (!created.ok) throw new Error(created.error);
    const id = (await listOpenInvites(db, org.orgId)).find((i) => i.note === "Linus")!.id;
    mockCurrent.user.id = org.users.member;
    expect(await revokeInviteAction(null, { orgSlug: org.slug, inviteId: id })).toMatchObject({ ok: false, status: 403 });

    mockCurrent.user.id = await makeUser(db, "linus");
    expect(await acceptInviteAction(null, { code: "not-a-code" })).toMatchObject({ ok: false, status: 400, fieldErrors: { code: [expect.stringMatching(/sbi_/)] } });
    await expect(acceptInviteAction(null, { code: ` ${created.data.code} ` })).rejects.toMatchObject({ digest: expect.stringContaining(`/${org.slug}/integrations`) });
    expect(await acceptInviteAction(null, { code: created.data.code })).toMatchObject({ ok: false, status: 404, error: expect.stringMatching(/cannot be used/) });
  });
});
