import { randomUUID } from "node:crypto";
import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { closeRequest, fulfilRequest, insertOrCoalesce } from "@/lib/requests/queries";
import { listOwnRequests } from "@/lib/requests/read";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

describe.each(dbKinds)("a member's own credential requests on %s", (kind) => {
  let db: Db;
  let org: Awaited<ReturnType<typeof makeOrg>>;
  let other: string;
  beforeAll(async () => {
    db = await freshDb(kind);
    org = await makeOrg(db, `own-req-${kind}`);
    other = await makeUser(db, "other-member");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'member')`, [org.orgId, other]);
  });
  afterAll(() => db.close());

  const ask = (userId: string, provider: string, reason: string, minutes = 60) => insertOrCoalesce(db, {
    id: randomUUID(), orgId: org.orgId, groupId: null, provider, reason, requesterType: "user", requesterUserId: userId, requesterKeyId: null,
    requester: `user:${userId}`, requesterLabel: `${userId}@example.test`, contextLabel: null, envNames: [], expiresInMinutes: minutes, callbackUrl: null,
  });
  const mine = (userId: string, provider: string | null = null) => asUser(db, userId, (tx) => listOwnRequests(tx, userId, org.orgId, provider));

  it("lists what the member asked for with where it stands, newest first, and nobody else's", async () => {
    const admin = { userId: org.users.admin };
    const stripe = await ask(org.users.member, "stripe", "Checkout in the podcast app");
    const twilio = await ask(org.users.member, "twilio", "Sign-in codes by SMS");
    const resend = await ask(org.users.member, "resend", "Digest emails");
    const openai = await ask(org.users.member, "openai", "Embeddings for search");
    await ask(other, "stripe", "Someone else's reason");
    await db.query(`insert into integrations (org_id, provider, name, status) values ($1, 'twilio', 'default', 'VALID') returning id`, [org.orgId])
      .then(({ rows }) => fulfilRequest(db, admin, org.orgId, twilio.row.id, { id: (rows[0] as { id: string }).id, name: "default" }));
    await closeRequest(db, admin, org.orgId, resend.row.id, "declined");
    // Its time ran out, though nothing has recorded that yet.
    await db.query(`update credential_requests set created_at = now() - interval '2 hours', expires_at = now() - interval '1 minute' where id = $1`, [openai.row.id]);

    const listed = await mine(org.users.member);
    expect(listed.map((r) => [r.provider, r.state, r.reason])).toEqual([
      ["resend", "declined", "Digest emails"],
      ["twilio", "fulfilled", "Sign-in codes by SMS"],
      ["stripe", "pending", "Checkout in the podcast app"],
      ["openai", "expired", "Embeddings for search"],
    ]);
    expect(listed.find((r) => r.provider === "twilio")).toMatchObject({ credentialName: "default", resolvedAt: expect.any(String) });
    expect(listed.find((r) => r.provider === "stripe")).toMatchObject({ id: stripe.row.id, credentialName: null, resolvedAt: null });
    expect(JSON.stringify(listed)).not.toContain("Someone else's reason");
    expect(await mine(org.users.member, "stripe")).toHaveLength(1);
    expect((await mine(other)).map((r) => r.reason)).toEqual(["Someone else's reason"]);
  });

  it("leaves the rule to row-level security too: a member reads no one else's request even when asking for it", async () => {
    const theirs = await asUser(db, org.users.member, async (tx) =>
      (await tx.query<{ reason: string }>(`select reason from credential_requests where org_id = $1 and requester_user_id = $2`, [org.orgId, other])).rows);
    expect(theirs).toEqual([]);
    // An admin reads everyone's (the panel), but "their own" is still only theirs.
    expect(await mine(org.users.admin)).toEqual([]);
  });
});
