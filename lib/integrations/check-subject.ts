import "server-only";
import type { Db } from "@/lib/db/types";
import { sealedColumns, sealedFrom, type SealedColumns } from "@/lib/vault/secrets";
import type { SealedSecret } from "@/lib/vault/vault-types";
import { INTEGRATION_COLUMNS, type IntegrationRow } from "./queries";

/** What a check reads before its provider call: the credential's row and its sealed secret (null when none is stored). */
export interface CheckSubject { row: IntegrationRow; sealed: SealedSecret | null }

export interface CheckRef { orgId: string; integrationId: string }

/** Reads one check's subject; null when the row is gone (or belongs to another org). */
export type CheckRead = (ref: CheckRef) => Promise<CheckSubject | null>;

/** A subject's key in readCheckSubjects' answer: the org as well as the id, so an id asked for under another org finds nothing. */
export const subjectKey = (ref: CheckRef) => `${ref.orgId}:${ref.integrationId}`.toLowerCase();

/**
 * The rows and sealed secrets of any number of credentials in one statement, scoped by org as
 * getIntegration and readSecret are (the secret version comes from the integration's row, as in
 * readSecret). Keyed by subjectKey.
 */
export async function readCheckSubjects(db: Db, refs: CheckRef[]): Promise<Map<string, CheckSubject>> {
  if (refs.length === 0) return new Map();
  const { rows } = await db.query<IntegrationRow & SealedColumns & { subjectOrg: string }>(
    `select ${INTEGRATION_COLUMNS("i")}, i.org_id::text as "subjectOrg", ${sealedColumns("s", "i")}
       from unnest($1::uuid[], $2::uuid[]) as r(org_id, id)
       join integrations i on i.id = r.id and i.org_id = r.org_id
       left join integration_secrets s on s.integration_id = i.id and s.org_id = i.org_id`,
    [refs.map((r) => r.orgId), refs.map((r) => r.integrationId)],
  );
  return new Map(rows.map((r) => {
    const { key_version, secret_version, iv, ciphertext, auth_tag, subjectOrg, ...row } = r;
    return [subjectKey({ orgId: subjectOrg, integrationId: row.id }), { row, sealed: sealedFrom({ key_version, secret_version, iv, ciphertext, auth_tag }) }];
  }));
}

/** A single check's read: one round trip where getIntegration and readSecret took two. */
export const readCheckSubject = (db: Db): CheckRead => async (ref) => (await readCheckSubjects(db, [ref])).get(subjectKey(ref)) ?? null;

/**
 * Reads asked for in the same turn of the event loop go out as one statement: the scheduler starts
 * up to twenty checks at once, and twenty reads through a pool of ten (or PGlite's one connection)
 * would queue behind each other before the first provider call. Each read is still made as its
 * check starts, not when the run picked it, so a check that waited for a slot reads what is there now.
 */
export function batchedCheckReads(db: Db): CheckRead {
  let pending: { ref: CheckRef; resolve: (s: CheckSubject | null) => void; reject: (e: unknown) => void }[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    readCheckSubjects(db, batch.map((p) => p.ref)).then(
      (found) => { for (const p of batch) p.resolve(found.get(subjectKey(p.ref)) ?? null); },
      (err) => { for (const p of batch) p.reject(err); },
    );
  };
  return (ref) => new Promise((resolve, reject) => {
    if (pending.push({ ref, resolve, reject }) === 1) queueMicrotask(flush);
  });
}
