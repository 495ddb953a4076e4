import "server-only";
import { randomUUID } from "node:crypto";
import { auditColumns, type Actor } from "@/lib/audit";
import type { Db } from "@/lib/db/types";
import { appendEvent, prepareEvent } from "@/lib/events/append";
import type { SealedSecret, Vault } from "@/lib/vault/vault";
import type { CheckRecord } from "./queries";
import { refusal, reserveArgs, reserveSlot, type Payer, type RateDecision, type ReserveCounts, type ValidationLimits } from "./rate-limit";

export interface StoreInput {
  orgId: string;
  provider: string;
  name: string;
  /** The credential's fields as JSON (sealed here, never sent anywhere else), its fingerprint, and the stored fields it kept (names only). */
  secret: StoreSecret;
  check: CheckRecord;
  latencyMs: number | null;
  httpStatus: number | null;
  /** The org plan's credential limit (planLimitFor), or null when none applies. */
  planLimit: number | null;
  /** A save without verifying: the check budget slot it takes, in the same statement (rate-limit.ts). */
  reserve: { payer: Payer; limits: ValidationLimits } | null;
  /**
   * The steps a save only sometimes needs (closing notifications, an expiry warning, fulfilling
   * requests), run inside the store's transaction. needed: whether they must run even if the
   * database finds nothing for them to do (known before any query). secret: the credential to
   * seal after all, read under the row's lock (kept-fields.ts).
   */
  more: { needed: boolean; secret(tx: Db): Promise<StoreSecret>; run(tx: Db, integrationId: string, name: string): Promise<void> };
}

/** kept, cleared: names of the replaced credential's fields this save kept or removed (kept-fields.ts). */
export interface StoreSecret { plaintext: string; fingerprint: string; kept: string[]; cleared: string[] }

/**
 * replaced: the name was taken, and this save replaced that credential's key (its secret version
 * moved on). name: the credential's stored spelling, which a save under another letter case of a
 * taken name keeps (names are unique regardless of case).
 */
export type StoreOutcome =
  | { kind: "stored"; integrationId: string; replaced: boolean; name: string }
  | { kind: "plan_limit"; count: number }
  | { kind: "limited"; decision: RateDecision & { ok: false } }
  // The name belongs to an OAuth connection of this provider, which a pasted key never replaces.
  | { kind: "oauth_name" };

type StoreRow = ReserveCounts & {
  result: "stored" | "plan_limit" | "limited" | "needs_transaction" | "oauth_name";
  storedId: string | null; storedVersion: number | null; credentialCount: number | null;
};

// A new row's secret version (the column's default): what the first attempt expects.
const FIRST_VERSION = 1;
// A retry follows a save of the same name that got there first; the locked retry only misses when a first row of the name is inserted meanwhile.
const ATTEMPTS = 5;

/**
 * Seals and stores a credential with its audit event, check history and credential.saved event,
 * in one statement (public.store_credential) for a new name and nothing else to do: one round
 * trip besides the vault's org key read. The ciphertext binds the row id and secret version
 * (lib/vault/vault.ts), which only the upsert decides, so it is sealed for the ones this save
 * expects (a new row) and, when the database reports others (the name existed, or a concurrent
 * save moved the version on), the failed attempt leaves nothing behind and the save runs again
 * in a transaction that locks the row first, so what it seals for is what the upsert gives
 * (however many saves of one name race). A save with more to do runs that transaction too,
 * followed by `more` and the event (appendEvent's beforeCommit keeps the counter lock last).
 */
export async function storeCredential(db: Db, vault: Vault, actor: Actor, input: StoreInput): Promise<StoreOutcome> {
  let expect: { id: string; version: number } = { id: randomUUID(), version: FIRST_VERSION };
  let inTransaction = input.more.needed;
  let secret = input.secret;
  let name = input.name;
  const seal = (on: Db) => vault.seal(on, { orgId: input.orgId, integrationId: expect.id, provider: input.provider, secretVersion: expect.version }, secret.plaintext);
  const event = () => ({ orgId: input.orgId, type: "credential.saved" as const, data: { integrationId: expect.id, provider: input.provider, name, status: input.check.status, via: "key" as const } });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Fresh for every attempt: an insert never takes an id some row once had.
    const newId = attempt === 0 ? expect.id : randomUUID();
    const params = (sealed: SealedSecret, fast: boolean) => {
      // Field names only: which stored values this replacement kept, and which it removed on request.
      const a = auditColumns(actor, { metadata: {
        fingerprint: secret.fingerprint, name,
        ...(secret.kept.length ? { kept: secret.kept.join(",") } : {}), ...(secret.cleared.length ? { cleared: secret.cleared.join(",") } : {}),
      } });
      const e = fast ? prepareEvent(event()) : null;
      const reserve = fast ? input.reserve : null;
      return [input.orgId, input.provider, name, newId, expect.id, expect.version,
        input.check.status, input.check.outcome, input.check.reason, input.check.accountLabel ?? null, JSON.stringify(input.check.details ?? {}), secret.fingerprint,
        sealed.keyVersion, sealed.iv, sealed.ciphertext, sealed.authTag, input.planLimit, fast,
        a.actorUserId, a.ip, a.userAgent, a.actorType, a.actorAgentId, a.actorName, a.metadata,
        input.latencyMs === null ? null : Math.round(input.latencyMs), input.httpStatus,
        e?.audience ?? null, e?.data ?? null, e?.hook?.type ?? null, e?.hook ? JSON.stringify(e.hook.data) : null,
        reserve !== null, ...(reserve ? reserveArgs(reserve.payer, reserve.limits) : Array(7).fill(null))];
    };
    try {
      const row = inTransaction
        ? await db.transaction(async (tx): Promise<StoreRow> => {
          // The fast statement's lock order: the check budget, the org's row, then the credential's
          // row, locked here so the version sealed for is the one the upsert gives.
          if (input.reserve) {
            const slot = await reserveSlot(tx, input.orgId, input.reserve.payer, input.reserve.limits);
            if (!slot.reserved) return { ...slot, result: "limited", storedId: null, storedVersion: null, credentialCount: null };
          }
          if (input.planLimit !== null) await tx.query(`select 1 from organizations where id = $1 for no key update`, [input.orgId]);
          const { rows } = await tx.query<{ id: string; version: number; name: string }>(
            `select id::text, secret_version + 1 as version, name from integrations
              where org_id = $1 and provider = $2 and lower(name) = lower($3) for update`,
            [input.orgId, input.provider, input.name]);
          expect = rows[0] ? { id: rows[0].id, version: rows[0].version } : { id: newId, version: FIRST_VERSION };
          name = rows[0]?.name ?? input.name;
          secret = await input.more.secret(tx);
          const r = await callStore(tx, params(await seal(tx), false));
          if (r.result === "stored") {
            await appendEvent(tx, event());
            await input.more.run(tx, r.storedId!, name);
          }
          return r;
        })
        : await callStore(db, params(await seal(db), true));
      if (row.result === "needs_transaction") {
        inTransaction = true;
        continue;
      }
      if (row.result === "oauth_name") return { kind: "oauth_name" };
      if (row.result === "limited") return { kind: "limited", decision: refusal(input.reserve!.payer, input.reserve!.limits, row) };
      return row.result === "stored"
        ? { kind: "stored", integrationId: row.storedId!, replaced: row.storedVersion! > FIRST_VERSION, name }
        : { kind: "plan_limit", count: row.credentialCount! };
    } catch (err) {
      const got = sealedForOther(err);
      if (!got) throw err;
      // Another save of this name got there first: the next attempt locks the row before sealing.
      expect = got;
      inTransaction = true;
    }
  }
  throw new Error("The credential was replaced by other saves on every attempt; nothing was stored. Try again.");
}

async function callStore(db: Db, params: unknown[]): Promise<StoreRow> {
  const { rows } = await db.query<StoreRow>(
    `/* writes */ select result, stored_id as "storedId", stored_version as "storedVersion", credential_count as "credentialCount",
            by_me as "byMe", by_org as "byOrg", me_free as "meFree", org_free as "orgFree"
       from public.store_credential(${params.map((_, i) => `$${i + 1}`).join(", ")})`,
    params,
  );
  return rows[0];
}

/** The row id and secret version the upsert produced, when they were not the ones sealed for (SQLSTATE SB409). */
function sealedForOther(err: unknown): { id: string; version: number } | null {
  const e = err as { code?: string; detail?: string };
  if (e?.code !== "SB409" || !e.detail) return null;
  const [id, version] = e.detail.split(":");
  return { id, version: Number(version) };
}
