import { addressBucket } from "@/lib/auth/address-limit";
import { returnSlot, takeSlot } from "@/lib/auth/attempts";
import { MAX_FAILURES, signInLocal, signUpLocal } from "@/lib/auth/local";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createSession, getSessionMember, getSessionUser, revokeSession } from "@/lib/auth/sessions";
import { endSessionsBefore, getSupabaseUserRow, saveSupabaseUser, signedInBeforeCutoff } from "@/lib/auth/supabase-users";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

describe("password hashing", () => {
  it("verifies the right password, refuses a wrong one, and never stores the password", async () => {
    const hash = await hashPassword("a long enough password");
    expect(hash).toMatch(/^scrypt\$/);
    expect(hash).not.toContain("a long enough password");
    expect(await verifyPassword("a long enough password", hash)).toBe(true);
    expect(await verifyPassword("a long enough passwore", hash)).toBe(false);
  });
});

describe.each(dbKinds)("local sign-in on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());

  it("signs up once per email, case-insensitively", async () => {
    expect((await signUpLocal(db, "Ada@example.test", "a long enough password")).ok).toBe(true);
    expect(await signUpLocal(db, "ada@example.test", "another long password")).toEqual({ ok: false, reason: "taken" });
  });

  it("locks an email after repeated failures, even for the right password", async () => {
    await signUpLocal(db, "grace@example.test", "a long enough password");
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(await signInLocal(db, "grace@example.test", "wrong password")).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await signInLocal(db, "grace@example.test", "a long enough password")).toEqual({ ok: false, reason: "locked", retryAfterSeconds: expect.any(Number) });
  });

  it("lets exactly the budget through when 60 attempts on one key arrive at once, then starts a new window", async () => {
    const budget = { limit: 30, windowSeconds: 60 };
    const slots = await Promise.all(Array.from({ length: 60 }, () => takeSlot(db, "test:burst", budget)));
    expect(slots.filter((s) => s.ok)).toHaveLength(30);
    const refused = slots.find((s) => !s.ok);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused && !refused.ok && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // A returned slot is taken again once; once the window has passed, the budget is whole again.
    const taken = slots.find((s) => s.ok);
    if (!taken?.ok) throw new Error("no slot");
    await returnSlot(db, "test:burst", budget, taken.windowStart);
    expect((await takeSlot(db, "test:burst", budget)).ok).toBe(true);
    expect((await takeSlot(db, "test:burst", budget)).ok).toBe(false);
    await db.query(`update auth_attempts set window_start = window_start - interval '61 seconds' where key = 'test:burst'`);
    await returnSlot(db, "test:burst", budget, taken.windowStart); // a slot of an ended window gives nothing back
    expect((await takeSlot(db, "test:burst", budget)).ok).toBe(true);
    expect((await db.query<{ count: number }>(`select count from auth_attempts where key = 'test:burst'`)).rows[0].count).toBe(1);
  });

  it("takes slots on many keys at once while their own old rows are being pruned, without a deadlock", async () => {
    const budget = { limit: 5, windowSeconds: 60 };
    const keys = Array.from({ length: 40 }, (_, i) => `test:idle-${i}`);
    for (const key of keys) await takeSlot(db, key, budget);
    await db.query(`update auth_attempts set window_start = now() - interval '2 days' where key like 'test:idle-%'`);
    // Each caller's own row is old, so each is also a row the others would prune.
    const slots = await Promise.all(keys.map((key) => takeSlot(db, key, budget)));
    expect(slots.every((s) => s.ok)).toBe(true);
  });

  it("drops counters whose window ended over a day ago as attempts arrive, keeping the rest", async () => {
    const budget = { limit: 5, windowSeconds: 60 };
    await takeSlot(db, "test:old", budget);
    await takeSlot(db, "test:recent", budget);
    await db.query(`update auth_attempts set window_start = now() - interval '25 hours' where key = 'test:old'`);
    await db.query(`update auth_attempts set window_start = now() - interval '23 hours' where key = 'test:recent'`);
    await takeSlot(db, "test:another", budget);
    const { rows } = await db.query<{ key: string }>(`select key from auth_attempts where key in ('test:old', 'test:recent', 'test:another') order by key`);
    expect(rows.map((r) => r.key)).toEqual(["test:another", "test:recent"]);
  });

  it("stores only a hash of the session token, expires nothing early, and revokes on sign-out", async () => {
    const user = await signUpLocal(db, "linus@example.test", "a long enough password");
    if (!user.ok) throw new Error("sign-up failed");
    const { token } = await createSession(db, user.userId);
    const { rows } = await db.query<{ token_hash: string }>(`select token_hash from sessions where user_id = $1`, [user.userId]);
    expect(rows[0].token_hash).not.toContain(token);
    expect(await getSessionUser(db, token)).toMatchObject({ id: user.userId, email: "linus@example.test" });
    await revokeSession(db, token);
    expect(await getSessionUser(db, token)).toBeNull();
  });

  it("does not accept an expired session", async () => {
    const user = await signUpLocal(db, "expired@example.test", "a long enough password");
    if (!user.ok) throw new Error("sign-up failed");
    const { token } = await createSession(db, user.userId);
    await db.query(`update sessions set expires_at = now() - interval '1 minute' where user_id = $1`, [user.userId]);
    expect(await getSessionUser(db, token)).toBeNull();
    expect(await getSessionMember(db, token, "anything")).toBeNull();
  });

  it("reads the session's user and their membership of one org in one lookup", async () => {
    const org = await makeOrg(db, `session-${kind}`);
    const other = await makeOrg(db, `session-other-${kind}`);
    const { token } = await createSession(db, org.users.admin);
    const email = (await db.query<{ email: string }>(`select email from users where id = $1`, [org.users.admin])).rows[0].email;
    expect(await getSessionMember(db, token, org.slug)).toEqual({
      user: { id: org.users.admin, email },
      membership: { orgId: org.orgId, slug: org.slug, orgName: org.slug.toUpperCase(), role: "admin" },
      expiresAt: expect.any(Date),
    });
    // Another org, or no org at that address: the user, and no membership.
    for (const slug of [other.slug, "no-such-org"]) expect(await getSessionMember(db, token, slug)).toEqual({ user: { id: org.users.admin, email }, membership: null, expiresAt: expect.any(Date) });
    for (const bad of [undefined, "", "x".repeat(101), `${token}x`]) expect(await getSessionMember(db, bad, org.slug)).toBeNull();
    await revokeSession(db, token);
    expect(await getSessionMember(db, token, org.slug)).toBeNull();
  });
});

describe.each(dbKinds)("Supabase users' rows on %s", (kind) => {
  let db: Db;
  beforeAll(async () => { db = await freshDb(kind); });
  afterAll(() => db.close());
  const ada = { id: "6f1c2a4e-8d4b-4c1e-9a57-0b8e5d1f2a01", email: "ada@example.test" };
  const bob = { id: "0d3e9b7a-2c6f-4e18-8b2d-5a9c7e1f4b02", email: "bob@example.test" };

  const getUserEmail = async (d: Db, id: string) => (await getSupabaseUserRow(d, id))?.email ?? null;

  it("creates the row on the first visit and follows an email changed in Supabase", async () => {
    expect(await getUserEmail(db, ada.id)).toBeNull();
    await saveSupabaseUser(db, ada);
    expect(await getUserEmail(db, ada.id)).toBe("ada@example.test");
    await saveSupabaseUser(db, { ...ada, email: "ada@lovelace.test" });
    expect(await getUserEmail(db, ada.id)).toBe("ada@lovelace.test");
  });

  it("moves an address a stale row still holds to the account Supabase now gives it, keeping memberships by id", async () => {
    await saveSupabaseUser(db, bob);
    const org = await makeOrg(db, "bobs-org");
    await db.query(`update memberships set user_id = $1 where user_id = $2`, [bob.id, org.users.owner]);
    // Bob moved to a new address in Supabase and has not been back; Ada now holds his old one there.
    await saveSupabaseUser(db, { ...ada, email: "BOB@example.test" });
    expect(await getUserEmail(db, ada.id)).toBe("BOB@example.test");
    expect(await getUserEmail(db, bob.id)).toBe(`${bob.id}@superseded.invalid`);
    const { rows } = await db.query<{ user_id: string }>(`select user_id from memberships where org_id = $1 and role = 'owner'`, [org.orgId]);
    expect(rows).toEqual([{ user_id: bob.id }]);
    await saveSupabaseUser(db, { ...bob, email: "bob@new.test" });
    expect(await getUserEmail(db, bob.id)).toBe("bob@new.test");
  });

  it("refuses sessions that began before the user's last sign-out or password change", async () => {
    const carol = { id: "9a4b7c2d-1e3f-4a5b-8c6d-7e8f9a0b1c03", email: "carol@example.test" };
    await saveSupabaseUser(db, carol);
    const fresh = await getSupabaseUserRow(db, carol.id);
    expect(fresh?.sessionsValidAfter).toBeNull();
    expect(signedInBeforeCutoff(0, fresh)).toBe(false);
    await endSessionsBefore(db, carol.id);
    const row = await getSupabaseUserRow(db, carol.id);
    const cutoff = Math.floor(row!.sessionsValidAfter!.getTime() / 1000);
    expect(Math.abs(cutoff * 1000 - Date.now())).toBeLessThan(60_000);
    expect(signedInBeforeCutoff(cutoff - 1, row)).toBe(true);
    expect(signedInBeforeCutoff(cutoff, row)).toBe(false); // a sign-in in the same second: no finer grain
    expect(signedInBeforeCutoff(cutoff + 5, row)).toBe(false);
    // Supabase's own time for the cut-off when it gives one (a password change).
    const changedAt = new Date("2030-01-02T03:04:05.678Z");
    await endSessionsBefore(db, carol.id, changedAt);
    expect((await getSupabaseUserRow(db, carol.id))?.sessionsValidAfter).toEqual(changedAt);
    // Only that user: others' rows have no cut-off.
    expect((await getSupabaseUserRow(db, ada.id))?.sessionsValidAfter).toBeNull();
  });
});

describe("the per-address budget's bucket", () => {
  it("is the address for IPv4, the /64 for IPv6, and one shared bucket when unknown", () => {
    expect(addressBucket("203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket(null)).toBe("unknown");
    expect(addressBucket("")).toBe("unknown");
  });
});
