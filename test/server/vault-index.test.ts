import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Db } from "@/lib/db/types";
import { createVault } from "@/lib/vault/vault";
import { loadLocalKek } from "@/lib/vault/local-kek";
import { startKmsFake, type KmsFake } from "../fakes/kms-fake";
import { dbKinds, freshDb } from "../helpers/db";

// getVault() reads the parsed env once per module instance: each case sets process.env, then
// imports a fresh copy of lib/env and lib/vault.
const saved = { ...process.env };
const holder = globalThis as { __switchboardVault?: unknown };
async function freshGetVault(env: Record<string, string>) {
  Object.assign(process.env, env);
  holder.__switchboardVault = undefined;
  jest.resetModules();
  return (await import("@/lib/vault")).getVault();
}

describe.each(dbKinds)("getVault on %s", (kind) => {
  let db: Db;
  let dir: string;
  let fake: KmsFake;
  let ref: { orgId: string; integrationId: string; provider: string; secretVersion: number };
  beforeAll(async () => {
    [db, fake, dir] = await Promise.all([freshDb(kind), startKmsFake(["key-a"]), mkdtemp(path.join(os.tmpdir(), "sb-idx-"))]);
    const slug = `org-${randomBytes(5).toString("hex")}`;
    const orgId = (await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'T') returning id::text`, [slug])).rows[0].id;
    const { rows } = await db.query<{ id: string }>(`insert into integrations (org_id, provider, name, status) values ($1, 'groq', 'main', 'PENDING') returning id::text`, [orgId]);
    ref = { orgId, integrationId: rows[0].id, provider: "groq", secretVersion: 1 };
  });
  afterAll(async () => {
    process.env = saved;
    holder.__switchboardVault = undefined;
    await Promise.all([db.close(), fake.close(), rm(dir, { recursive: true, force: true })]);
  });

  it("uses the local keyring in DATA_DIR when no KMS key is configured", async () => {
    const vault = await freshGetVault({ DATA_DIR: dir, KMS_KEY_ID: "" });
    const sealed = await vault.seal(db, ref, "gsk_local");
    expect((await stat(path.join(dir, "master-key.json"))).mode & 0o777).toBe(0o600);
    expect(await vault.open(db, ref, sealed)).toBe("gsk_local");
  });

  it("uses KMS at the SDK's own AWS_ENDPOINT_URL_KMS, still opening keys wrapped locally", async () => {
    const legacy = await createVault({ kek: await loadLocalKek(dir), cacheTtlMs: 0 }).seal(db, ref, "gsk_legacy");
    const vault = await freshGetVault({
      DATA_DIR: dir,
      KMS_KEY_ID: "key-a",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_KMS: fake.url,
      AWS_ACCESS_KEY_ID: "AKIDFAKE",
      AWS_SECRET_ACCESS_KEY: "fake-secret",
    });
    expect(await vault.open(db, ref, legacy)).toBe("gsk_legacy");
    const slug = `org-${randomBytes(5).toString("hex")}`;
    const orgId = (await db.query<{ id: string }>(`insert into organizations (slug, name) values ($1, 'T') returning id::text`, [slug])).rows[0].id;
    const other = { ...ref, orgId };
    expect(await vault.open(db, other, await vault.seal(db, other, "gsk_kms"))).toBe("gsk_kms");
    expect(fake.calls.Encrypt).toBe(1);
    expect((await db.query(`select kek_id from org_keys where org_id = $1`, [orgId])).rows).toEqual([{ kek_id: "kms:key-a" }]);
  });
});
