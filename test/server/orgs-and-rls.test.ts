import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { authorizeOrg } from "@/lib/orgs/authorize";
import { createOrg, getUserMember } from "@/lib/orgs/queries";
import { slugSchema } from "@/lib/orgs/slug";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";

describe.each(dbKinds)("orgs, roles and row-level security on %s", (kind) => {
  let db: Db;
  let a: Awaited<ReturnType<typeof makeOrg>>;
  let b: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    db = await freshDb(kind);
    a = await makeOrg(db, "acme");
    b = await makeOrg(db, "globex");
    await db.query(
      `insert into integrations (org_id, provider, name, status) values ($1, 'openai', 'default', 'VALID'), ($2, 'anthropic', 'default', 'INVALID')`,
      [a.orgId, b.orgId],
    );
    await db.query(`insert into integration_secrets (integration_id, org_id, key_version, iv, ciphertext, auth_tag)
      select id, org_id, 1, '\\x00', '\\x00', '\\x00' from integrations`);
  });
  afterAll(() => db.close());

  it("lets owners and admins manage, and members only read", async () => {
    expect((await authorizeOrg(db, a.users.owner, "acme", "admin")).ok).toBe(true);
    expect((await authorizeOrg(db, a.users.admin, "acme", "admin")).ok).toBe(true);
    expect(await authorizeOrg(db, a.users.member, "acme", "admin")).toMatchObject({ ok: false, status: 403 });
    expect((await authorizeOrg(db, a.users.member, "acme", "member")).ok).toBe(true);
  });

  it("refuses in RLS too a token whose session began before the user's cut-off (the Data API path)", async () => {
    const uid = a.users.member;
    const rowsSeen = (claims: object) => db.transaction(async (tx) => {
      await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
        JSON.stringify({ sub: uid, role: "authenticated", ...claims }),
      ]);
      return (await tx.query(`select provider from integrations`)).rows.length;
    });
    const now = Math.floor(Date.now() / 1000);
    expect(await rowsSeen({ iat: now - 60 })).toBe(1);
    await db.query(`update users set sessions_valid_after = to_timestamp($2) where id = $1`, [uid, now]);
    try {
      // A fresh token of a session signed in before the cut-off, as a refresh would give it.
      expect(await rowsSeen({ iat: now + 100, amr: [{ method: "password", timestamp: now - 60 }] })).toBe(0);
      expect(await rowsSeen({ iat: now - 60 })).toBe(0); // no amr: the token's own time
      expect(await rowsSeen({ iat: now - 60, amr: [{ method: "password", timestamp: now + 5 }] })).toBe(1);
      expect(await rowsSeen({ amr: "not a list", iat: now + 5 })).toBe(1);
      expect(await rowsSeen({})).toBe(1); // Switchboard's own claims: its server checked the session already
      expect(await asUser(db, a.users.owner, async (tx) => (await tx.query(`select provider from integrations`)).rows.length)).toBe(1);
    } finally {
      await db.query(`update users set sessions_valid_after = null where id = $1`, [uid]);
    }
  });

  it("reads a user's email, session cut-off and membership in one org together (the Supabase-mode page read)", async () => {
    expect(await getUserMember(db, a.users.admin, "acme")).toEqual({
      email: expect.stringContaining("@"), sessionsValidAfter: null,
      membership: { orgId: a.orgId, slug: "acme", orgName: expect.any(String), role: "admin" },
    });
    expect(await getUserMember(db, a.users.admin, "globex")).toEqual({ email: expect.stringContaining("@"), sessionsValidAfter: null, membership: null });
    expect(await getUserMember(db, "00000000-0000-4000-8000-000000000000", "acme")).toBeNull();
  });

  it("answers another org and a missing org alike, with 403", async () => {
    const other = await authorizeOrg(db, b.users.owner, "acme", "member");
    const missing = await authorizeOrg(db, b.users.owner, "no-such-org", "member");
    expect(other).toEqual(missing);
    expect(other).toMatchObject({ ok: false, status: 403 });
  });

  it("shows each user only their own org's integrations through RLS", async () => {
    for (const role of ["owner", "admin", "member"] as const) {
      const rows = await asUser(db, a.users[role], async (tx) => (await tx.query<{ provider: string }>(`select provider from integrations`)).rows);
      expect(rows.map((r) => r.provider)).toEqual(["openai"]);
    }
    const stranger = await makeUser(db, "stranger");
    expect(await asUser(db, stranger, async (tx) => (await tx.query(`select * from integrations`)).rows)).toEqual([]);
  });

  it("shows orgs, memberships, checks and notifications of one's own orgs only", async () => {
    await db.query(`insert into integration_checks (integration_id, org_id, provider, outcome, source) select id, org_id, provider, 'valid', 'manual' from integrations`);
    await db.query(`insert into notifications (org_id, kind, message) values ($1, 'key_invalid', 'acme'), ($2, 'key_invalid', 'globex')`, [a.orgId, b.orgId]);
    const seen = (uid: string, sql: string) => asUser(db, uid, async (tx) => (await tx.query<{ v: string }>(sql)).rows.map((r) => r.v).sort());
    expect(await seen(a.users.member, `select slug as v from organizations`)).toEqual(["acme"]);
    expect(await seen(a.users.member, `select distinct org_id::text as v from memberships`)).toEqual([a.orgId]);
    expect(await seen(a.users.member, `select provider as v from integration_checks`)).toEqual(["openai"]);
    expect(await seen(b.users.member, `select message as v from notifications`)).toEqual(["globex"]);
    expect(await seen(await makeUser(db, "loner"), `select message as v from notifications`)).toEqual([]);
  });

  it("keeps sealed secrets and org keys unreadable to the client-facing role", async () => {
    for (const table of ["integration_secrets", "org_keys", "sessions"]) {
      await expect(asUser(db, a.users.owner, (tx) => tx.query(`select * from ${table}`))).rejects.toThrow(/permission denied/);
    }
  });

  it("shows the audit log to admins only", async () => {
    await db.query(`insert into audit_events (org_id, action, outcome) values ($1, 'org.create', 'created')`, [a.orgId]);
    const count = (uid: string) => asUser(db, uid, async (tx) => (await tx.query(`select 1 from audit_events`)).rows.length);
    expect(await count(a.users.admin)).toBe(1);
    expect(await count(a.users.member)).toBe(0);
    expect(await count(b.users.owner)).toBe(0);
  });

  it("refuses to change or delete audit events", async () => {
    await expect(db.query(`update audit_events set outcome = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from audit_events`)).rejects.toThrow(/append-only/);
  });

  it("does not let a taken slug be created twice", async () => {
    expect(await createOrg(db, a.users.owner, "Again", "acme")).toBeNull();
  });
});

describe("org slugs", () => {
  it.each(["api", "sign-in", "orgs", "settings"])("refuses the app route %s", (slug) => {
    expect(slugSchema.safeParse(slug).success).toBe(false);
  });
  it("accepts and normalises a plain slug", () => {
    expect(slugSchema.parse("  Acme-Corp ")).toBe("acme-corp");
  });
});

describe.each(dbKinds)("teammates' accounts on %s", (kind) => {
  it("are visible to co-members, without password hashes, and hidden from everyone else", async () => {
    const db = await freshDb(kind);
    try {
      const a = await makeOrg(db, "initech");
      const stranger = await makeUser(db, "stranger");
      const seen = (uid: string) => asUser(db, uid, async (tx) => (await tx.query<{ id: string }>(`select id from users`)).rows.map((r) => r.id).sort());
      expect(await seen(a.users.member)).toEqual(Object.values(a.users).sort());
      expect(await seen(stranger)).toEqual([stranger]);
      await expect(asUser(db, a.users.owner, (tx) => tx.query(`select password_hash from users`))).rejects.toThrow(/permission denied/);
    } finally {
      await db.close();
    }
  });
});
