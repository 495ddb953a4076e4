import { generateApiKey, listApiKeys, parseApiKey, secretMatches } from "@/lib/api/keys";
import { createOrgApiKey, revokeOrgApiKey } from "@/lib/api/manage-keys";
import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

describe("API key format", () => {
  it("reads sbk_<8 lowercase>_<43 base64url>, and the secret matches only its own hash", () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(/^sbk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(key)!;
    expect(parsed.prefix).toBe(prefix);
    expect(secretMatches(parsed.secret, secretHash)).toBe(true);
    expect(secretMatches(parsed.secret.replace(/.$/, (c) => (c === "A" ? "B" : "A")), secretHash)).toBe(false);
    expect(secretHash).not.toContain(parsed.secret);
    for (const bad of ["", "sbk_", `sbk_ABCDEFGH_${"a".repeat(43)}`, `${key}x`, key.replace("sbk_", "sk_")]) expect(parseApiKey(bad)).toBeNull();
  });
});

describe.each(dbKinds)("org API keys on %s", (kind) => {
  let db: Db;
  let a: Awaited<ReturnType<typeof makeOrg>>;
  let b: Awaited<ReturnType<typeof makeOrg>>;
  beforeAll(async () => {
    db = await freshDb(kind);
    a = await makeOrg(db, `keys-a-${kind}`);
    b = await makeOrg(db, `keys-b-${kind}`);
  });
  afterAll(() => db.close());

  it("stores only the hash and audits creation and revocation", async () => {
    const { key, row } = await createOrgApiKey(db, { userId: a.users.admin }, { orgId: a.orgId, name: "CI", scopes: ["read", "export"], createdBy: a.users.admin, expiresAt: null });
    const { rows } = await db.query<Record<string, unknown>>(`select * from api_keys where id = $1`, [row.id]);
    expect(JSON.stringify(rows)).not.toContain(parseApiKey(key)!.secret);
    expect(await revokeOrgApiKey(db, { userId: a.users.admin }, b.orgId, row.id)).toBeNull();
    expect((await revokeOrgApiKey(db, { userId: a.users.admin }, a.orgId, row.id))?.revokedAt).toBeInstanceOf(Date);
    expect(await revokeOrgApiKey(db, { userId: a.users.admin }, a.orgId, row.id)).toBeNull();
    const audit = await db.query<{ action: string; metadata: Record<string, string> }>(`select action, metadata from audit_events where org_id = $1 and action like 'api_key.%' order by id`, [a.orgId]);
    expect(audit.rows.map((r) => [r.action, r.metadata.key_prefix])).toEqual([["api_key.create", row.prefix], ["api_key.revoke", row.prefix]]);
  });

  it("refuses scopes outside read, write and export", async () => {
    await expect(db.query(`insert into api_keys (org_id, name, prefix, secret_hash, scopes) values ($1, 'x', 'abcdefgh', $2, array['admin'])`, [a.orgId, "0".repeat(64)]))
      .rejects.toThrow(/check constraint/);
  });

  it("shows keys to the org's admins only through row-level security, and never the hash", async () => {
    await createOrgApiKey(db, { userId: b.users.owner }, { orgId: b.orgId, name: "B", scopes: ["read"], createdBy: b.users.owner, expiresAt: null });
    expect((await asUser(db, a.users.admin, (tx) => listApiKeys(tx, a.orgId))).map((k) => k.name)).toEqual(["CI"]);
    expect(await asUser(db, a.users.admin, (tx) => listApiKeys(tx, b.orgId))).toEqual([]);
    expect(await asUser(db, a.users.member, (tx) => listApiKeys(tx, a.orgId))).toEqual([]);
    await expect(asUser(db, a.users.owner, (tx) => tx.query(`select secret_hash from api_keys`))).rejects.toThrow(/permission denied/);
    await expect(asUser(db, a.users.owner, (tx) => tx.query(`select * from api_key_usage`))).rejects.toThrow(/permission denied/);
    await expect(asUser(db, a.users.owner, (tx) => tx.query(`update api_keys set revoked_at = null`))).rejects.toThrow(/permission denied/);
  });
});
