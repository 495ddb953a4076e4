import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { readSecret, writeSecret } from "@/lib/vault/secrets";
import { createVault, secretAad, VaultError, type SecretRef, type VersionedSecretRef, type Vault } from "@/lib/vault/vault";
import { dbKinds, freshDb } from "../helpers/db";

const SECRET = "sk-live-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c";

async function newRef(db: Db, provider = "openai", orgId?: string): Promise<VersionedSecretRef> {
  if (!orgId) {
    const slug = `org-${randomBytes(5).toString("hex")}`;
    orgId = (await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'Test') returning id::text`, [slug])).rows[0].id;
  }
  const { rows } = await db.query<{ id: string; secretVersion: number }>(
    `insert into integrations (org_id, provider, name, is_default, status) values ($1, $2, $3, false, 'PENDING') returning id::text, secret_version as "secretVersion"`,
    [orgId, provider, `key-${randomBytes(4).toString("hex")}`],
  );
  return { orgId, integrationId: rows[0].id, provider, secretVersion: rows[0].secretVersion };
}

describe.each(dbKinds)("vault seal and open on %s", (kind) => {
  let db: Db;
  let dir: string;
  let vault: Vault;
  beforeAll(async () => {
    db = await freshDb(kind);
    dir = await mkdtemp(path.join(os.tmpdir(), "sb-vault-"));
    vault = createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 60_000 });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function stored(ref: VersionedSecretRef, text = SECRET) {
    await writeSecret(db, ref, await vault.seal(db, ref, text));
    return (await readSecret(db, ref))!;
  }

  it("opens what it sealed, through the integration_secrets row", async () => {
    const ref = await newRef(db);
    expect(await vault.open(db, ref, await stored(ref))).toBe(SECRET);
    expect(await vault.open(db, ref, await stored(ref, "ünïcode ✓ secret"))).toBe("ünïcode ✓ secret");
  });

  it("stores neither the plaintext nor the org key in the database", async () => {
    const ref = await newRef(db);
    await stored(ref);
    const secrets = await db.query(`select * from integration_secrets where integration_id = $1`, [ref.integrationId]);
    const keys = await db.query(`select * from org_keys where org_id = $1`, [ref.orgId]);
    for (const row of [...secrets.rows, ...keys.rows]) {
      for (const value of Object.values(row)) {
        const bytes = Buffer.from(value instanceof Uint8Array ? value : String(value));
        expect(bytes.includes(Buffer.from(SECRET))).toBe(false);
      }
    }
    expect(keys.rows).toHaveLength(1);
  });

  it("does not open a ciphertext moved to another integration, org or provider, or with a flipped byte", async () => {
    const ref = await newRef(db);
    const sealed = await stored(ref);
    const sibling = await newRef(db, "openai", ref.orgId);
    const otherOrg = await newRef(db);
    await stored(otherOrg, "other org's secret"); // so the other org has a data key of its own
    const flipped = (b: Buffer) => Buffer.from(b.map((x, i) => (i === 0 ? x ^ 1 : x)));
    const attempts: Array<[SecretRef, typeof sealed]> = [
      [sibling, sealed],
      [{ ...otherOrg, integrationId: ref.integrationId }, sealed],
      [otherOrg, sealed],
      [{ ...ref, provider: "anthropic" }, sealed],
      [ref, { ...sealed, ciphertext: flipped(sealed.ciphertext) }],
      [ref, { ...sealed, iv: flipped(sealed.iv) }],
      [ref, { ...sealed, authTag: flipped(sealed.authTag) }],
      [ref, { ...sealed, authTag: sealed.authTag.subarray(0, 12) }],
    ];
    for (const [where, what] of attempts) {
      const err = await vault.open(db, where, what).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VaultError);
      expect(err).toMatchObject({ code: "cannot_open" });
      expect(String((err as Error).message)).not.toContain(SECRET);
    }
    await expect(vault.open(db, ref, { ...sealed, keyVersion: 2 })).rejects.toMatchObject({ code: "no_org_key" });
  });

  it("does not open a ciphertext copied into another integration's row by SQL", async () => {
    const ref = await newRef(db);
    await stored(ref);
    const sibling = await newRef(db, "openai", ref.orgId);
    await db.query(
      `insert into integration_secrets (integration_id, org_id, key_version, iv, ciphertext, auth_tag)
       select $2, org_id, key_version, iv, ciphertext, auth_tag from integration_secrets where integration_id = $1`,
      [ref.integrationId, sibling.integrationId],
    );
    await expect(vault.open(db, sibling, (await readSecret(db, sibling))!)).rejects.toThrow(VaultError);
  });

  it("writes a secret only onto an integration of the org and provider it was sealed for, replacing the old one", async () => {
    const ref = await newRef(db);
    const sealed = await vault.seal(db, ref, SECRET);
    await expect(writeSecret(db, { ...ref, provider: "anthropic" }, sealed)).rejects.toMatchObject({ code: "no_integration" });
    const otherOrg = await newRef(db);
    await expect(writeSecret(db, { ...ref, orgId: otherOrg.orgId }, sealed)).rejects.toMatchObject({ code: "no_integration" });
    await stored(ref, "first");
    expect(await vault.open(db, ref, await stored(ref, "second"))).toBe("second");
    expect(await readSecret(db, await newRef(db))).toBeNull();
    // Found by its id alone, but not when asked for under another org.
    expect(await readSecret(db, { ...ref, orgId: otherOrg.orgId })).toBeNull();
  });

  it("does not open an earlier ciphertext put back after a replacement, and writes a secret only at its row's version", async () => {
    const ref = await newRef(db);
    await stored(ref, "old key");
    const { rows: [old] } = await db.query(`select key_version, iv, ciphertext, auth_tag from integration_secrets where integration_id = $1`, [ref.integrationId]);
    // A replacement moves the row's version on (upsertIntegration) and seals for the new one.
    await db.query(`update integrations set secret_version = secret_version + 1 where id = $1`, [ref.integrationId]);
    const next = { ...ref, secretVersion: ref.secretVersion + 1 };
    await expect(writeSecret(db, next, await vault.seal(db, ref, "stale"))).rejects.toMatchObject({ code: "no_integration" });
    expect(await vault.open(db, next, await stored(next, "new key"))).toBe("new key");
    await db.query(`update integration_secrets set key_version = $2, iv = $3, ciphertext = $4, auth_tag = $5 where integration_id = $1`,
      [ref.integrationId, old.key_version, old.iv, old.ciphertext, old.auth_tag]);
    await expect(vault.open(db, ref, (await readSecret(db, ref))!)).rejects.toMatchObject({ code: "cannot_open" });
    // Nor can the old version be put back beside it.
    await expect(db.query(`update integrations set secret_version = $2 where id = $1`, [ref.integrationId, ref.secretVersion])).rejects.toThrow(/only moves forward/);
  });

  it("still opens a ciphertext sealed before versions existed (version 0), until the key is replaced", async () => {
    const ref = { ...(await newRef(db)), secretVersion: 0 };
    // The AAD of version 0 is byte for byte the one every earlier ciphertext was sealed with.
    expect(secretAad(ref, 0).toString("utf8")).toBe(JSON.stringify(["switchboard/integration-secret/v1", ref.orgId, ref.integrationId, ref.provider]));
    expect(secretAad(ref, 1).equals(secretAad(ref, 0))).toBe(false);
    await db.query(`alter table integrations disable trigger integrations_secret_version_forward`);
    await db.query(`update integrations set secret_version = 0 where id = $1`, [ref.integrationId]); // as the migration leaves existing rows
    await db.query(`alter table integrations enable trigger integrations_secret_version_forward`);
    const legacy = await stored(ref, "from before");
    expect(legacy.secretVersion).toBe(0);
    expect(await vault.open(db, ref, legacy)).toBe("from before");
    await db.query(`update integrations set secret_version = 1 where id = $1`, [ref.integrationId]);
    await expect(vault.open(db, ref, (await readSecret(db, ref))!)).rejects.toMatchObject({ code: "cannot_open" });
  });

  it("creates exactly one org key when many first seals for an org race", async () => {
    const first = await newRef(db);
    const refs = [first, ...(await Promise.all(Array.from({ length: 9 }, () => newRef(db, "openai", first.orgId))))];
    await Promise.all(refs.map((ref) => stored(ref, `secret for ${ref.integrationId}`)));
    const { rows } = await db.query(`select version from org_keys where org_id = $1`, [first.orgId]);
    expect(rows).toEqual([{ version: 1 }]);
    const cold = createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 60_000 });
    for (const ref of refs) expect(await cold.open(db, ref, (await readSecret(db, ref))!)).toBe(`secret for ${ref.integrationId}`);
  });

  it("survives a transaction that created the org key and then rolled back", async () => {
    const ref = await newRef(db);
    const rollback = new Error("rollback");
    await expect(
      db.transaction(async (tx) => {
        const sealed = await vault.seal(tx, ref, "doomed");
        await vault.open(tx, ref, sealed); // caches a key whose row will not commit
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    // Both seals must use the org key that committed, not the one cached from the rolled-back row.
    const again = await newRef(db, "openai", ref.orgId);
    const [first, second] = [await stored(ref), await stored(again)];
    expect(await vault.open(db, ref, first)).toBe(SECRET);
    expect(await vault.open(db, again, second)).toBe(SECRET);
  });
});
