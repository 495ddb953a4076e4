// Re-wraps every org data key under a new key-encryption key; credentials are not touched.
//   npm run kek:rotate                      embedded mode: add local-<n+1> to the keyring, re-wrap into it
//   npm run kek:rotate -- --to-kms <keyId>  re-wrap into AWS KMS (then set KMS_KEY_ID=<keyId>)
// lib/env.ts and lib/db/index.ts import "server-only", which throws outside Next, so this script
// opens the database the same way they do, from the same parsed env.
import path from "node:path";
import { parseArgs } from "node:util";
import { parseEnv } from "@/lib/env-schema";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { KeyEncryptionKey } from "@/lib/vault/kek";
import { createKmsKek } from "@/lib/vault/kms-kek";
import { addLocalKekVersion, loadExistingLocalKek } from "@/lib/vault/local-kek";
import { kekResolver } from "@/lib/vault/resolver";
import { rotateKek } from "@/lib/vault/rotate";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { "to-kms": { type: "string" } } }); // throws on anything else
  const env = parseEnv(process.env);
  const dataDir = path.resolve(env.DATA_DIR);
  const kms = env.AWS_REGION ? { region: env.AWS_REGION } : {};

  let to: KeyEncryptionKey;
  if (values["to-kms"]) {
    to = createKmsKek(values["to-kms"], kms);
  } else if (env.KMS_KEY_ID) {
    // Re-wrapping KMS-protected keys into a file on disk would weaken them: make it explicit.
    console.error("KMS_KEY_ID is set: rotate with --to-kms <keyId> (KMS rotates the key material of one key itself).");
    return 2;
  } else {
    to = await addLocalKekVersion(dataDir);
    console.log(`Added ${to.id} to ${path.join(dataDir, "master-key.json")}.`);
  }

  if (!env.DATABASE_URL) {
    // PGlite is single-process: a dev server running on the same data directory would corrupt it.
    console.log("Embedded database: make sure the app is not running on this data directory.");
  }
  const db = env.DATABASE_URL ? openPostgres(env.DATABASE_URL, 2) : await openPglite(path.join(dataDir, "pglite"));
  try {
    await migrate(db);
    const local = await loadExistingLocalKek(dataDir);
    const counts = await rotateKek(db, {
      from: kekResolver({ local, kms }),
      to,
      onError: (row, err) => console.error(`org ${row.orgId} key v${row.version} (${row.kekId}): ${err instanceof Error ? err.message : "failed"}`),
    });
    console.log(`Re-wrapped ${counts.rewrapped} org keys into ${to.id}; ${counts.skipped} changed concurrently; ${counts.failed} failed.`);
    if (values["to-kms"] && !counts.failed) console.log(`Now set KMS_KEY_ID=${values["to-kms"]} and AWS_REGION for the app.`);
    return counts.failed ? 1 : 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    console.error("Usage: npm run kek:rotate [-- --to-kms <keyId>]");
    process.exit(1);
  },
);
