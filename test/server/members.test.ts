import type { Db } from "@/lib/db/types";
import { listMembers, removeMember } from "@/lib/orgs/members";
import { addMember, createOrg } from "@/lib/orgs/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

describe.each(dbKinds)("members on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());

  it("never removes the last owner", async () => {
    const owner = await makeUser(db, "owner");
    const org = (await createOrg(db, owner, "Team", "team-one"))!;
    const guest = await makeUser(db, "guest");
    await addMember(db, org.id, guest, "member");
    expect((await listMembers(db, org.id)).map((m) => m.role)).toEqual(["owner", "member"]);

    expect(await removeMember(db, org.id, owner)).toBe("last_owner");
    expect(await removeMember(db, org.id, guest)).toBe("removed");
    expect(await removeMember(db, org.id, guest)).toBe("not_found");
    expect(await listMembers(db, org.id)).toHaveLength(1);
  });

  // PGlite has one connection, so the two removals cannot overlap there.
  (kind === "postgres" ? it : it.skip)("of two owners removing each other at the same time, only the first succeeds", async () => {
    const [a, b] = [await makeUser(db, "owner-a"), await makeUser(db, "owner-b")];
    const org = (await createOrg(db, a, "Pair", "pair-owners"))!;
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner')`, [org.id, b]);
    let second: Promise<string> | undefined;
    await db.transaction(async (tx) => {
      expect(await removeMember(tx, org.id, a)).toBe("removed");
      // Another connection, while the first removal is not yet committed.
      second = removeMember(db, org.id, b);
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await second).toBe("last_owner");
    expect((await listMembers(db, org.id)).map((m) => m.userId)).toEqual([b]);
  });

  (kind === "postgres" ? it : it.skip)("refuses a removal by an owner whom another owner removed meanwhile", async () => {
    const [a, b, c] = [await makeUser(db, "owner-c"), await makeUser(db, "owner-d"), await makeUser(db, "member-e")];
    const org = (await createOrg(db, a, "Trio", "trio-owners"))!;
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'owner'), ($1, $3, 'member')`, [org.id, b, c]);
    let late: Promise<string> | undefined;
    await db.transaction(async (tx) => {
      expect(await removeMember(tx, org.id, a, b)).toBe("removed");
      // a's own removal of c, on the role the action checked before b's commit.
      late = removeMember(db, org.id, c, a);
      await new Promise((r) => setTimeout(r, 200));
    });
    expect(await late).toBe("not_owner");
    expect((await listMembers(db, org.id)).map((m) => m.userId).sort()).toEqual([b, c].sort());
  });
});
