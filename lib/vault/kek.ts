/**
 * A key-encryption key (KEK): it only ever wraps and unwraps org data keys, never credentials.
 * `id` is what org_keys.kek_id records at wrap time, so unwrap can find the right key later.
 */
export interface KeyEncryptionKey {
  id: string;
  wrap(dataKey: Buffer): Promise<Buffer>;
  unwrap(wrapped: Buffer, kekId: string): Promise<Buffer>;
}

/**
 * Thrown by a KEK that was reached and answered that these wrapped bytes do not open under it
 * (tampered or corrupt): the org key is bad, as opposed to the KEK being unreachable.
 */
export class WrappedKeyRejected extends Error {
  override readonly name = "WrappedKeyRejected";
}

/** Finds a KEK able to unwrap keys recorded under `kekId`, or undefined when none is configured. */
export type KekResolver = (kekId: string) => KeyEncryptionKey | undefined;

/**
 * Wraps with `primary`, unwraps with whichever KEK `resolve` finds for the recorded kek id.
 * Why: after switching KEKs (local keyring to KMS, or to a new KMS key) org keys wrapped by the
 * old one must keep opening until `kek:rotate` has re-wrapped them.
 */
export function withFallback(primary: KeyEncryptionKey, resolve: KekResolver): KeyEncryptionKey {
  return {
    id: primary.id,
    wrap: (dataKey) => primary.wrap(dataKey),
    unwrap(wrapped, kekId) {
      const kek = kekId === primary.id ? primary : resolve(kekId);
      if (!kek) return Promise.reject(new Error(`No key-encryption key is configured for ${kekId}.`));
      return kek.unwrap(wrapped, kekId);
    },
  };
}
