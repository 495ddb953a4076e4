import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate } from "../../lib/db/migrate";
import { openPglite } from "../../lib/db/pglite";
import type { Db } from "../../lib/db/types";
import { createKmsKek } from "../../lib/vault/kms-kek";
import { loadLocalKek } from "../../lib/vault/local-kek";
import { readSecret, writeSecret } from "../../lib/vault/secrets";
import { createVault } from "../../lib/vault/vault";
import type { KeyEncryptionKey } from "../../lib/vault/kek";
import { startKmsFake } from "../../test/fakes/kms-fake";

const SECRET = `sk-proj-${"A1b2C3d4".repeat(20)}`;

async function orgWithSecrets(db: Db, kek: KeyEncryptionKey, count: number) {
  const vault = createVault({ kek, cacheTtlMs: 300_000 });
  const { rows: [org] } = await db.query<{ id: string }>(`insert into organizations (slug, name) values ('bench-' || substr(md5(random()::text), 1, 8), 'Bench') returning id`);
  const refs = [];
  for (let i = 0; i < count; i++) {
    const { rows: [row] } = await db.query<{ id: string; secretVersion: number }>(
      `insert into integrations (org_id, provider, name, is_default, status) values ($1, 'openai', $2, $3, 'VALID') returning id, secret_version as "secretVersion"`,
      [org.id, `cred-${i}`, i === 0],
    );
    const ref = { orgId: org.id, integrationId: row.id, provider: "openai", secretVersion: row.secretVersion };
    await writeSecret(db, ref, await vault.seal(db, ref, SECRET));
    refs.push(ref);
  }
  return { vault, refs };
}

/** Opens per second through the vault (warm org key) and raw AES-256-GCM decrypts of the same size. */
export async function measureUnseal(iterations = 20_000) {
  const db = await openPglite();
  await migrate(db);
  const kek = await loadLocalKek(await mkdtemp(path.join(tmpdir(), "switchboard-bench-kek-")));
  const { vault, refs: [ref] } = await orgWithSecrets(db, kek, 1);
  const sealed = (await readSecret(db, ref))!;
  await vault.open(db, ref, sealed);

  const key = randomBytes(32);
  const iv = randomBytes(12);
  const aad = Buffer.from("bench");
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(SECRET, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const raw = () => {
    const d = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: 16 }).setAAD(aad).setAuthTag(tag);
    return Buffer.concat([d.update(ciphertext), d.final()]).toString("utf8");
  };

  const rate = async (fn: () => unknown) => {
    const start = performance.now();
    for (let i = 0; i < iterations; i++) await fn();
    return iterations / ((performance.now() - start) / 1000);
  };
  // Alternating rounds, median of each: drift in the machine's load then touches both alike.
  const rawRounds: number[] = [];
  const vaultRounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    rawRounds.push(await rate(raw));
    vaultRounds.push(await rate(() => vault.open(db, ref, sealed)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rawPerSecond = median(rawRounds.slice(1)); // the first round warms both paths up
  const vaultPerSecond = median(vaultRounds.slice(1));
  await db.close();
  return { rawPerSecond, vaultPerSecond, ratio: vaultPerSecond / rawPerSecond };
}

/** KMS Decrypt calls to open 50 credentials of one org with a cold cache, then again warm. */
export async function measureKmsCalls() {
  const kms = await startKmsFake(["bench-key"]);
  const db = await openPglite();
  try {
    await migrate(db);
    const kek = createKmsKek("bench-key", {
      endpoint: kms.url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake-secret-for-the-loopback-kms" },
    });
    const { vault, refs } = await orgWithSecrets(db, kek, 50);
    const sealed = await Promise.all(refs.map(async (r) => (await readSecret(db, r))!));
    vault.clearCache();
    const before = kms.calls.Decrypt;
    await Promise.all(refs.map((r, i) => vault.open(db, r, sealed[i])));
    const cold = kms.calls.Decrypt - before;
    await Promise.all(refs.map((r, i) => vault.open(db, r, sealed[i])));
    const warm = kms.calls.Decrypt - before - cold;
    return { cold, warm };
  } finally {
    await db.close();
    await kms.close();
  }
}
