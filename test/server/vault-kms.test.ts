import { randomBytes } from "node:crypto";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import type { Db } from "@/lib/db/types";
import { createKmsKek } from "@/lib/vault/kms-kek";
import { readSecret, writeSecret } from "@/lib/vault/secrets";
import { createVault, type SealedSecret, type SecretRef, type VersionedSecretRef } from "@/lib/vault/vault";
import { startKmsFake, type KmsFake } from "../fakes/kms-fake";
import { dbKinds, freshDb } from "../helpers/db";

// The real SDK client, pointed at the loopback fake with static fake credentials.
const clientConfig = (fake: KmsFake) => ({
  endpoint: fake.url,
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret" },
  maxAttempts: 1,
});

async function newRef(db: Db, orgId?: string): Promise<VersionedSecretRef> {
  if (!orgId) {
    const slug = `org-${randomBytes(5).toString("hex")}`;
    orgId = (await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'Test') returning id::text`, [slug])).rows[0].id;
  }
  const { rows } = await db.query<{ id: string; secretVersion: number }>(
    `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'openai', $2, false, 'PENDING') returning id::text, secret_version as "secretVersion"`,
    [orgId, `key-${randomBytes(4).toString("hex")}`],
  );
  return { orgId, integrationId: rows[0].id, provider: "openai", secretVersion: rows[0].secretVersion };
}

describe("KMS fake", () => {
  let fake: KmsFake;
  beforeAll(async () => void (fake = await startKmsFake(["key-a"])));
  afterAll(() => fake.close());

  it("refuses Decrypt under another encryption context, and unknown keys", async () => {
    const client = new KMSClient(clientConfig(fake));
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: "key-a", Plaintext: Buffer.alloc(32), EncryptionContext: { purpose: "a" } }));
    await expect(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: "b" } }))).rejects.toMatchObject({ name: "InvalidCiphertextException", $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new EncryptCommand({ KeyId: "key-b", Plaintext: Buffer.alloc(32) }))).rejects.toMatchObject({ name: "NotFoundException" });
  });

  it("requires an Authorization header", async () => {
    const res = await fetch(fake.url, { method: "POST", headers: { "x-amz-target": "TrentService.Encrypt", "content-type": "application/x-amz-json-1.1" }, body: "{}" });
    expect(res.status).toBe(400);
  });
});

describe.each(dbKinds)("vault with a KMS key-encryption key on %s", (kind) => {
  let db: Db;
  let fake: KmsFake;
  let kek: ReturnType<typeof createKmsKek>;
  let refs: VersionedSecretRef[];
  let sealed: SealedSecret[];
  const decrypts = async (fn: () => Promise<unknown>) => {
    const before = fake.calls.Decrypt;
    await fn();
    return fake.calls.Decrypt - before;
  };
  const openAll = (vault: ReturnType<typeof createVault>) => Promise.all(refs.map((ref, i) => vault.open(db, ref, sealed[i])));

  beforeAll(async () => {
    [db, fake] = await Promise.all([freshDb(kind), startKmsFake(["key-a"])]);
    kek = createKmsKek("key-a", clientConfig(fake));
    // 50 credentials of one org, stored the way the app stores them.
    const first = await newRef(db);
    refs = [first, ...(await Promise.all(Array.from({ length: 49 }, () => newRef(db, first.orgId))))];
    const vault = createVault({ kek, cacheTtlMs: 60_000 });
    for (const [i, ref] of refs.entries()) await writeSecret(db, ref, await vault.seal(db, ref, `secret-${i}`));
    sealed = await Promise.all(refs.map(async (ref) => (await readSecret(db, ref))!));
  });
  afterAll(async () => {
    await Promise.all([db.close(), fake.close()]);
  });

  it("wraps the org key once through KMS Encrypt and records the KMS key", async () => {
    expect(fake.calls.Encrypt).toBe(1);
    const { rows } = await db.query(`select kek_id from org_keys where org_id = $1`, [refs[0].orgId]);
    expect(rows).toEqual([{ kek_id: "kms:key-a" }]);
  });

  it("reads 50 credentials of one org with one Decrypt cold and none warm", async () => {
    const vault = createVault({ kek, cacheTtlMs: 60_000 });
    expect(await decrypts(async () => {
      for (const [i, ref] of refs.entries()) expect(await vault.open(db, ref, sealed[i])).toBe(`secret-${i}`);
    })).toBe(1);
    expect(await decrypts(() => openAll(vault))).toBe(0);
  });

  it("costs one Decrypt for 50 concurrent cold reads", async () => {
    const vault = createVault({ kek, cacheTtlMs: 60_000 });
    let texts: string[] = [];
    expect(await decrypts(async () => void (texts = await openAll(vault)))).toBe(1);
    expect(texts).toEqual(refs.map((_, i) => `secret-${i}`));
  });

  it("unwraps again once the cached key has expired", async () => {
    const uncached = createVault({ kek, cacheTtlMs: 0 });
    expect(await decrypts(() => uncached.open(db, refs[0], sealed[0]))).toBe(1);
    expect(await decrypts(() => uncached.open(db, refs[0], sealed[0]))).toBe(1);

    const shortLived = createVault({ kek, cacheTtlMs: 50 });
    expect(await decrypts(() => shortLived.open(db, refs[0], sealed[0]))).toBe(1);
    expect(await decrypts(() => shortLived.open(db, refs[1], sealed[1]))).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(await decrypts(() => shortLived.open(db, refs[0], sealed[0]))).toBe(1);
  });

  it("reports an unreachable KMS as a VaultError", async () => {
    const vault = createVault({ kek: createKmsKek("key-a", { ...clientConfig(fake), endpoint: "http://127.0.0.1:9" }), cacheTtlMs: 60_000 });
    const err = await vault.open(db, refs[0], sealed[0]).then(() => null, (e: Error) => e);
    expect(err).toMatchObject({ name: "VaultError", code: "kek_failed" });
    expect(err?.message).not.toContain("secret-0");
  });
});
