import type { Db } from "@/lib/db/types";
import type { SessionUser } from "./sessions";

export async function getUserEmail(db: Db, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ email: string }>(`select email from users where id = $1`, [userId]);
  return rows[0]?.email ?? null;
}

/**
 * Gives a Supabase user (id and email from verified claims) their row, or copies over an email
 * changed in Supabase. Supabase keeps addresses unique, so another row still holding this one
 * belongs to an account since deleted or moved to another address there: it gets a placeholder
 * (replaced by its real address on its own next visit) instead of locking this user out.
 * Only emails move; memberships stay with user ids.
 */
export async function saveSupabaseUser(db: Db, user: SessionUser): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`update users set email = id::text || '@superseded.invalid' where lower(email) = lower($2) and id <> $1`, [user.id, user.email]);
    await tx.query(`insert into users (id, email) values ($1, $2) on conflict (id) do update set email = excluded.email`, [user.id, user.email]);
  });
}
