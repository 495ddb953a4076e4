import type { Db } from "@/lib/db/types";
import { addMemberByEmail, listMembers, removeMember } from "@/lib/orgs/members";
import { createOrg } from "@/lib/orgs/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeUser } from "../helpers/fixtures";

describe.each(dbKinds)("members on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());

  it("adds an existing account once, refuses unknown emails, and never removes the last owner", async () => {
    const owner = await makeUser(db, "owner");
    const org = (await createOrg(db, owner, "Team", "team-one"))!;
    const { rows: [guest] } = await db.query<{ email: string; id: string }>(`select id, email from users where id = $1`, [await makeUser(db, "guest")]);

    expect(await addMemberByEmail(db, org.id, "nobody@example.test", "member")).toEqual({ ok: false, reason: "no_account" });
    expect(await addMemberByEmail(db, org.id, guest.email.toUpperCase(), "member")).toEqual({ ok: true, userId: guest.id });
    expect(await addMemberByEmail(db, org.id, guest.email, "admin")).toEqual({ ok: false, reason: "already_member" });
    expect((await listMembers(db, org.id)).map((m) => m.role)).toEqual(["owner", "member"]);

    expect(await removeMember(db, org.id, owner)).toBe("last_owner");
    expect(await removeMember(db, org.id, guest.id)).toBe("removed");
    expect(await removeMember(db, org.id, guest.id)).toBe("not_found");
    expect(await listMembers(db, org.id)).toHaveLength(1);
  });
});
