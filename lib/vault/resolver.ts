import type { KMSClientConfig } from "@aws-sdk/client-kms";
import type { KekResolver, KeyEncryptionKey } from "./kek";
import { createKmsKek } from "./kms-kek";
import type { LocalKek } from "./local-kek";

/**
 * Every KEK this deployment can still unwrap with: the local keyring if its file exists, and any
 * KMS key named in a kek id ("kms:<keyId>"), so keys wrapped before a KEK switch keep opening.
 */
export function kekResolver({ local, kms = {} }: { local: LocalKek | null; kms?: KMSClientConfig }): KekResolver {
  const kmsKeks = new Map<string, KeyEncryptionKey>();
  return (kekId) => {
    if (local?.owns(kekId)) return local;
    if (!kekId.startsWith("kms:")) return undefined;
    const keyId = kekId.slice("kms:".length);
    if (!kmsKeks.has(keyId)) kmsKeks.set(keyId, createKmsKek(keyId, kms));
    return kmsKeks.get(keyId);
  };
}
