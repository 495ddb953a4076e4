import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import type { KeyEncryptionKey } from "@/lib/vault/kek";
import { withFallback } from "@/lib/vault/kek";
import { createKmsKek } from "@/lib/vault/kms-kek";
import { addLocalKekVersion, loadLocalKek } from "@/lib/vault/local-kek";
import { kekResolver } from "@/lib/vault/resolver";
import { rotateKek } from "@/lib/vault/rotate";
import { readSecret, writeSecret } from "@/lib/vault/secrets";
import { createVault, type SecretRef, type VersionedSecretRef, type Vault } from "@/lib/vault/vault";
import { startKmsFake, type KmsFake } from "../fakes/kms-fake";
import { dbKinds, freshDb } from "../helpers/db";

async function newRef(db: Db): Promise<VersionedSecretRef> {
  const slug = `org-${randomBytes(5).toString("hex")}`;
  const orgId = (await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'Test') returning id::text`, [slug])).rows[0].id;
  const { rows } = await db.query<{ id: string; secretVersion: number }>(
    `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'stripe', 'main', false, 'PENDING') returning id::text, secret_version as "secretVersion"`,
    [orgId],
  );
  return { orgId, integrationId: rows[0].id, provider: "stripe", secretVersion: rows[0].secretVersion };
}

const snapshot = async (db: Db, table: "org_keys" | "integration_secrets") =>
  (await db.query(`select * from ${table} order by 1, 2`)).rows.map((r) => JSON.stringify(r, (_, v) => (v?.type === "Buffer" ? Buffer.from(v.data).toString("hex") : v)));

describe.each(dbKinds)("KEK rotation on %s", (kind) => {
  let db: Db;
  let dir: string;
  let fake: KmsFake;
  let refs: VersionedSecretRef[];
  const kmsConfig = () => ({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" } });
  const openAll = (vault: Vault) => Promise.all(refs.map(async (ref) => vault.open(db, ref, (await readSecret(db, ref))!)));
  const expected = () => refs.map((ref) => `sk_live_${ref.orgId}`);

  beforeAll(async () => {
    [db, fake, dir] = await Promise.all([freshDb(kind), startKmsFake(["key-a"]), mkdtemp(path.join(os.tmpdir(), "sb-rot-"))]);
    const vault = createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 60_000 });
    refs = await Promise.all(Array.from({ length: 3 }, () => newRef(db)));
    for (const ref of refs) await writeSecret(db, ref, await vault.seal(db, ref, `sk_live_${ref.orgId}`));
  });
  afterAll(async () => {
    await Promise.all([db.close(), fake.close(), rm(dir, { recursive: true, force: true })]);
  });

  it("re-wraps org keys into a new local version without touching credentials", async () => {
    const [keysBefore, secretsBefore] = [await snapshot(db, "org_keys"), await snapshot(db, "integration_secrets")];
    const to = await addLocalKekVersion(dir);
    const running = createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 60_000 });
    await openAll(running);
    const clearCache = jest.spyOn(running, "clearCache");

    expect(await rotateKek(db, { from: kekResolver({ local: to }), to, vault: running })).toEqual({ rewrapped: 3, skipped: 0, failed: 0 });
    expect(clearCache).toHaveBeenCalled();
    const { rows } = await db.query(`select distinct kek_id, rewrapped_at is not null as rewrapped from org_keys`);
    expect(rows).toEqual([{ kek_id: "local-2", rewrapped: true }]);
    expect(await snapshot(db, "org_keys")).not.toEqual(keysBefore);
    expect(await snapshot(db, "integration_secrets")).toEqual(secretsBefore);
    expect(await openAll(createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 60_000 }))).toEqual(expected());

    const keysAfter = await snapshot(db, "org_keys");
    expect(await rotateKek(db, { from: kekResolver({ local: to }), to })).toEqual({ rewrapped: 0, skipped: 0, failed: 0 });
    expect(await snapshot(db, "org_keys")).toEqual(keysAfter);
  });

  it("leaves a row as it was when the new KEK cannot unwrap what it wrapped", async () => {
    const local = await loadLocalKek(dir);
    const keysBefore = await snapshot(db, "org_keys");
    // E.g. a KMS key policy that allows Encrypt but not Decrypt.
    const writeOnly: KeyEncryptionKey = { id: "kms:write-only", wrap: async () => randomBytes(60), unwrap: async () => Promise.reject(new Error("AccessDeniedException")) };
    const errors: unknown[] = [];
    expect(await rotateKek(db, { from: kekResolver({ local }), to: writeOnly, onError: (_, e) => errors.push(e) })).toEqual({ rewrapped: 0, skipped: 0, failed: 3 });
    expect(errors).toHaveLength(3);
    expect(await snapshot(db, "org_keys")).toEqual(keysBefore);
  });

  it("re-wraps local org keys into KMS, once even when two rotations race; a second rotation is a no-op", async () => {
    const local = await loadLocalKek(dir);
    const kms = createKmsKek("key-a", kmsConfig());
    const secretsBefore = await snapshot(db, "integration_secrets");

    const rotate = () => rotateKek(db, { from: kekResolver({ local, kms: kmsConfig() }), to: kms });
    const [a, b] = await Promise.all([rotate(), rotate()]);
    expect(a.rewrapped + b.rewrapped).toBe(3);
    expect(a.failed + b.failed).toBe(0);
    expect((await db.query(`select distinct kek_id from org_keys`)).rows).toEqual([{ kek_id: "kms:key-a" }]);
    expect(await snapshot(db, "integration_secrets")).toEqual(secretsBefore);
    // KMS alone now opens everything: the local keyring is no longer needed.
    expect(await openAll(createVault({ kek: kms, cacheTtlMs: 60_000 }))).toEqual(expected());

    const calls = { ...fake.calls };
    expect(await rotate()).toEqual({ rewrapped: 0, skipped: 0, failed: 0 });
    expect(fake.calls).toEqual(calls);
  });

  it("in KMS mode still opens org keys wrapped by the local keyring, and wraps new ones with KMS", async () => {
    const local = await loadLocalKek(dir);
    const ref = await newRef(db);
    await writeSecret(db, ref, await createVault({ kek: local, cacheTtlMs: 60_000 }).seal(db, ref, "legacy"));
    const kmsMode = createVault({ kek: withFallback(createKmsKek("key-a", kmsConfig()), kekResolver({ local, kms: kmsConfig() })), cacheTtlMs: 60_000 });
    expect(await kmsMode.open(db, ref, (await readSecret(db, ref))!)).toBe("legacy");
    const fresh = await newRef(db);
    await writeSecret(db, fresh, await kmsMode.seal(db, fresh, "new"));
    expect((await db.query(`select kek_id from org_keys where org_id = $1`, [fresh.orgId])).rows).toEqual([{ kek_id: "kms:key-a" }]);
  });
});
