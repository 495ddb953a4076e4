import { envHandler } from "@/lib/api/env";
import { generateApiKey, listApiKeys } from "@/lib/api/keys";
import { asUser } from "@/lib/db/rls";
import { removeMember } from "@/lib/orgs/members";
import { apiRequest, apiWorld, makeKey, type Org } from "../helpers/api";
import { dbKinds } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

/** An API key lives only as long as its creator is an owner or admin of its org. */
describe.each(dbKinds)("API keys and their creator on %s", (kind) => {
  let world: Awaited<ReturnType<typeof apiWorld>>;
  beforeAll(async () => void (world = await apiWorld(kind, "creator")));
  afterAll(() => world.close());

  const pull = async (org: Org, key: string) => {
    const res = await envHandler(apiRequest("GET", `/api/v1/env/${org.slug}`, { key }), { orgSlug: org.slug }, world.deps);
    return { status: res.status, code: res.ok ? null : ((await res.json()) as { error: { code: string } }).error.code };
  };
  const revokeEvents = async (org: Org) =>
    (await world.db.query<{ actor: string | null; metadata: Record<string, string> }>(
      `select actor_user_id as actor, metadata from audit_events where org_id = $1 and action = 'api_key.revoke' order by id`, [org.orgId],
    )).rows;
  const revokedAt = async (id: string) => (await world.db.query<{ r: Date | null }>(`select revoked_at as r from api_keys where id = $1`, [id])).rows[0].r;
  const newAdmin = async (org: Org, role = "admin") => {
    const user = await makeUser(world.db, "second-admin");
    await world.db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, $3)`, [org.orgId, user, role]);
    return user;
  };
  /** A key created by `userId`, stored as createOrgApiKey stores it. */
  const keyBy = async (org: Org, userId: string, name: string) => {
    const { key, prefix, secretHash } = generateApiKey();
    const { rows } = await world.db.query<{ id: string }>(
      `insert into api_keys (org_id, name, prefix, secret_hash, scopes, created_by) values ($1, $2, $3, $4, array['export'], $5) returning id`,
      [org.orgId, name, prefix, secretHash, userId],
    );
    return { key, prefix, id: rows[0].id };
  };

  it("revokes every key a removed admin created, with one audit event naming each, and the key answers 401 api_key_revoked", async () => {
    const org = world.a;
    const mine = await makeKey(world.db, org, ["export"]);
    const mine2 = await makeKey(world.db, org, ["read"]);
    const ownersKey = await keyBy(org, org.users.owner, "owner's key");
    const otherOrgKey = await makeKey(world.db, world.b, ["export"]);
    expect(await pull(org, mine.key)).toEqual({ status: 200, code: null });

    expect(await removeMember(world.db, org.orgId, org.users.admin)).toBe("removed");

    expect(await pull(org, mine.key)).toEqual({ status: 401, code: "api_key_revoked" });
    expect(await revokedAt(mine.id)).toBeInstanceOf(Date);
    expect(await revokedAt(mine2.id)).toBeInstanceOf(Date);
    // Nobody else's keys, and not this person's keys in another org where they still are admin.
    expect(await pull(org, ownersKey.key)).toEqual({ status: 200, code: null });
    expect(await pull(world.b, otherOrgKey.key)).toEqual({ status: 200, code: null });
    const events = await revokeEvents(org);
    expect(events.map((e) => e.metadata).sort((x, y) => x.key_prefix.localeCompare(y.key_prefix))).toEqual(
      [mine, mine2].sort((x, y) => x.prefix.localeCompare(y.prefix)).map((k) => ({
        key_prefix: k.prefix, name: expect.stringMatching(/^key /), reason: "creator_removed", creator: org.users.admin,
      })),
    );
    expect(await revokeEvents(world.b)).toEqual([]);
  });

  it("revokes them in the removal's own transaction: a removal that rolls back leaves the key working", async () => {
    const org = world.b;
    const admin = await newAdmin(org);
    const k = await keyBy(org, admin, "rolled back");
    await expect(world.db.transaction(async (tx) => {
      await removeMember(tx, org.orgId, admin);
      throw new Error("abort");
    })).rejects.toThrow("abort");
    expect(await revokedAt(k.id)).toBeNull();
    expect(await pull(org, k.key)).toEqual({ status: 200, code: null });
  });

  it("revokes them when the creator is demoted to member, but not when an owner becomes an admin", async () => {
    const org = world.b;
    const owner2 = await newAdmin(org, "owner");
    const admin = await newAdmin(org);
    const ownerKey = await keyBy(org, owner2, "owner2 key");
    const adminKey = await keyBy(org, admin, "demoted key");
    await world.db.query(`update memberships set role = 'admin' where org_id = $1 and user_id = $2`, [org.orgId, owner2]);
    await world.db.query(`update memberships set role = 'member' where org_id = $1 and user_id = $2`, [org.orgId, admin]);
    expect(await pull(org, ownerKey.key)).toEqual({ status: 200, code: null });
    expect(await pull(org, adminKey.key)).toEqual({ status: 401, code: "api_key_revoked" });
    expect(await revokeEvents(org)).toEqual([
      { actor: null, metadata: { key_prefix: adminKey.prefix, name: "demoted key", reason: "creator_demoted", creator: admin } },
    ]);
    // Promoting them again does not bring the key back.
    await world.db.query(`update memberships set role = 'admin' where org_id = $1 and user_id = $2`, [org.orgId, admin]);
    expect(await pull(org, adminKey.key)).toEqual({ status: 401, code: "api_key_revoked" });
  });

  it("refuses at authentication a key whose creator is not an admin there, even with no revocation recorded", async () => {
    const org = world.b;
    const member = await newAdmin(org, "member");
    const outsider = await makeUser(world.db, "outsider");
    for (const k of [await keyBy(org, member, "member's key"), await keyBy(org, outsider, "outsider's key")]) {
      expect(await revokedAt(k.id)).toBeNull();
      expect(await pull(org, k.key)).toEqual({ status: 401, code: "api_key_revoked" });
    }
    // A creator account deleted since: created_by becomes null, and the key is refused.
    const gone = await newAdmin(org);
    const orphan = await keyBy(org, gone, "orphan");
    await world.db.query(`delete from users where id = $1`, [gone]);
    await world.db.query(`update api_keys set revoked_at = null where id = $1`, [orphan.id]);
    expect(await pull(org, orphan.key)).toEqual({ status: 401, code: "api_key_revoked" });
  });

  it("names the creator in the admins' list, and a former member as such", async () => {
    const org = world.b;
    const admin = await newAdmin(org);
    await keyBy(org, admin, "listed");
    const email = (await world.db.query<{ email: string }>(`select email from users where id = $1`, [admin])).rows[0].email;
    const listed = async () => (await asUser(world.db, org.users.owner, (tx) => listApiKeys(tx, org.orgId))).find((k) => k.name === "listed");
    expect((await listed())?.createdByEmail).toBe(email);
    await removeMember(world.db, org.orgId, admin);
    expect(await listed()).toMatchObject({ createdByEmail: null, revokedAt: expect.any(Date) });
  });
});
