import type { Db } from "@/lib/db/types";
import type { KekResolver, KeyEncryptionKey } from "./kek";
import { orgKeysNotWrappedBy, replaceWrappedKey, type OrgKeyRow } from "./org-keys";

// No "server-only": scripts/rotate-kek.ts runs this outside Next.

export type RotationCounts = { rewrapped: number; skipped: number; failed: number };
export type RotationOptions = {
  /** Finds the KEK each row was wrapped by (its kek_id). */
  from: KekResolver;
  /** The KEK every org key should end up wrapped by. */
  to: KeyEncryptionKey;
  /** The running process's vault, if any: its cached keys are dropped afterwards. */
  vault?: { clearCache(): void };
  /** Reports a row that could not be re-wrapped (ids and error text only, never key bytes). */
  onError?: (row: { orgId: string; version: number; kekId: string }, err: unknown) => void;
};

const PAGE = 100;
const PARALLEL = 8;

/**
 * Re-wraps every org key whose kek_id is not `to.id`. Credentials are untouched: the data keys
 * themselves do not change, only what protects them. Idempotent (a second run finds nothing),
 * and safe against a concurrent rotation (each update is a compare-and-swap on the old bytes).
 */
export async function rotateKek(db: Db, { from, to, vault, onError }: RotationOptions): Promise<RotationCounts> {
  const counts: RotationCounts = { rewrapped: 0, skipped: 0, failed: 0 };
  let after: OrgKeyRow | null = null;
  for (;;) {
    const page = await orgKeysNotWrappedBy(db, to.id, after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1];
    for (let i = 0; i < page.length; i += PARALLEL) {
      const outcomes = await Promise.allSettled(page.slice(i, i + PARALLEL).map((row) => rewrap(db, row, from, to)));
      outcomes.forEach((o, j) => {
        if (o.status === "fulfilled") counts[o.value ? "rewrapped" : "skipped"]++;
        else {
          counts.failed++;
          const { orgId, version, kekId } = page[i + j];
          onError?.({ orgId, version, kekId }, o.reason);
        }
      });
    }
  }
  vault?.clearCache();
  return counts;
}

/** True when re-wrapped, false when the row changed under us (someone else re-wrapped it). */
async function rewrap(db: Db, row: OrgKeyRow, from: KekResolver, to: KeyEncryptionKey): Promise<boolean> {
  const old = from(row.kekId);
  if (!old) throw new Error(`No key-encryption key is configured for ${row.kekId}.`);
  const key = await old.unwrap(row.wrappedKey, row.kekId);
  let check: Buffer | undefined;
  try {
    const wrapped = await to.wrap(key);
    // Unwrap once before committing: a KMS key that may Encrypt but not Decrypt (a policy
    // mistake) would otherwise leave every org key wrapped by something that cannot open it.
    check = await to.unwrap(wrapped, to.id);
    if (!check.equals(key)) throw new Error(`${to.id} did not return the key it wrapped.`);
    // No transaction is held across the KEK calls; the update itself is a single guarded statement.
    return await replaceWrappedKey(db, row, to.id, wrapped);
  } finally {
    key.fill(0);
    check?.fill(0);
  }
}
