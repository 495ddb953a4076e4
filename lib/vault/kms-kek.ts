import { DecryptCommand, EncryptCommand, KMSClient, type KMSClientConfig } from "@aws-sdk/client-kms";
import { WrappedKeyRejected, type KeyEncryptionKey } from "./kek";

// No "server-only": scripts/rotate-kek.ts uses this outside Next.

// KMS refuses to decrypt unless the same context is supplied, and it appears in CloudTrail, so
// a wrapped org key cannot be unwrapped through some other KMS-using code path by accident.
const ENCRYPTION_CONTEXT = { purpose: "switchboard-org-key" };

// Decrypt errors that are about the ciphertext itself (AWS KMS API reference, Decrypt, Errors).
const REJECTS_CIPHERTEXT = new Set(["InvalidCiphertextException", "IncorrectKeyException"]);

export const kmsKekId = (keyId: string) => `kms:${keyId}`;

/**
 * AWS KMS as the KEK. The endpoint, credentials and region come from the SDK's own resolution
 * (AWS_ENDPOINT_URL_KMS, AWS_REGION, the credential chain); `clientConfig` overrides them (tests).
 */
export function createKmsKek(keyId: string, clientConfig: KMSClientConfig = {}): KeyEncryptionKey {
  const client = new KMSClient(clientConfig);
  const id = kmsKekId(keyId);
  return {
    id,
    async wrap(dataKey) {
      const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: dataKey, EncryptionContext: ENCRYPTION_CONTEXT }));
      return toBuffer(out.CiphertextBlob);
    },
    async unwrap(wrapped, kekId) {
      if (kekId !== id) throw new Error(`${id} cannot unwrap a key wrapped by ${kekId}.`);
      // KeyId on Decrypt makes KMS reject a blob produced under any other key.
      const out = await client.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: ENCRYPTION_CONTEXT }))
        .catch((err: unknown) => {
          // KMS answered, and about these bytes: retrying will not help. Anything else (network,
          // throttling, access, a disabled key) is the service, not the data.
          if (err instanceof Error && REJECTS_CIPHERTEXT.has(err.name)) throw new WrappedKeyRejected(`KMS refused the wrapped org key: ${err.name}.`);
          throw err;
        });
      return toBuffer(out.Plaintext);
    },
  };
}

function toBuffer(bytes: Uint8Array | undefined): Buffer {
  if (!bytes) throw new Error("KMS returned no data.");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
