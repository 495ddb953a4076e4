import type { Db } from "@/lib/db/types";

export async function stackModelEnabled(db: Db, orgId: string): Promise<boolean> {
  const { rows } = await db.query<{ on: boolean }>(`select stack_model_enabled as "on" from organizations where id = $1`, [orgId]);
  return rows[0]?.on ?? false;
}

/**
 * Sets the flag; returns the previous value (null when the org is gone) so the caller audits a
 * change only when there was one. Call inside a transaction: the row lock orders concurrent toggles.
 */
export async function setStackModelEnabled(db: Db, orgId: string, on: boolean): Promise<boolean | null> {
  const { rows } = await db.query<{ previous: boolean }>(`select stack_model_enabled as previous from organizations where id = $1 for update`, [orgId]);
  if (!rows[0]) return null;
  await db.query(`update organizations set stack_model_enabled = $2 where id = $1`, [orgId, on]);
  return rows[0].previous;
}
