import type { Db } from "@/lib/db/types";
import type { SessionUser } from "./sessions";

/** What Switchboard keeps of a Supabase user: the email it last saw, and their sessions' cut-off. */
export interface SupabaseUserRow {
  email: string;
  sessionsValidAfter: Date | null;
}

export async function getSupabaseUserRow(db: Db, userId: string): Promise<SupabaseUserRow | null> {
  const { rows } = await db.query<SupabaseUserRow>(`select email, sessions_valid_after as "sessionsValidAfter" from users where id = $1`, [userId]);
  return rows[0] ?? null;
}

/**
 * Ends every session the user signed in to before `at` (Supabase's clock when it has one to give,
 * else the database's), including access tokens Supabase itself would honour until they expire.
 */
export async function endSessionsBefore(db: Db, userId: string, at?: Date): Promise<void> {
  await db.query(`update users set sessions_valid_after = coalesce($2, now()) where id = $1`, [userId, at ?? null]);
}

/**
 * True when a session signed in at `signedInAt` (epoch seconds, as in the JWT's amr claim) began
 * before the user's cut-off. A sign-in in the cut-off's own second still counts: no finer grain.
 */
export const signedInBeforeCutoff = (signedInAt: number, row: SupabaseUserRow | null) =>
  Boolean(row?.sessionsValidAfter && signedInAt < Math.floor(row.sessionsValidAfter.getTime() / 1000));

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
