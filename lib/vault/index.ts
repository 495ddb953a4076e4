import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { withFallback } from "./kek";
import { createKmsKek } from "./kms-kek";
import { loadExistingLocalKek, loadLocalKek } from "./local-kek";
import { kekResolver } from "./resolver";
import { createVault, type Vault } from "./vault";

export { readSecret, writeSecret } from "./secrets";
export { secretAad, VaultError, type SealedSecret, type SecretRef, type Vault } from "./vault";

// One vault per process so the org-key cache is shared by every request. Kept on globalThis
// because dev-mode module reloads would otherwise start a cold cache (and reread the keyring).
const holder = globalThis as unknown as { __switchboardVault?: Promise<Vault> };

export function getVault(): Promise<Vault> {
  holder.__switchboardVault ??= build().catch((err) => {
    holder.__switchboardVault = undefined;
    throw err;
  });
  return holder.__switchboardVault;
}

async function build(): Promise<Vault> {
  const dataDir = path.resolve(env.DATA_DIR);
  const cacheTtlMs = env.ORG_KEY_CACHE_TTL_SECONDS * 1000;
  if (!env.KMS_KEY_ID) return createVault({ kek: await loadLocalKek(dataDir), cacheTtlMs });
  // KMS mode: new org keys are wrapped by KMS; keys still wrapped by the local keyring (before
  // `kek:rotate --to-kms`) keep opening if its file exists. Never create one here.
  const kms = { region: env.AWS_REGION };
  const local = await loadExistingLocalKek(dataDir);
  return createVault({ kek: withFallback(createKmsKek(env.KMS_KEY_ID, kms), kekResolver({ local, kms })), cacheTtlMs });
}
