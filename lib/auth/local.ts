import type { Db } from "@/lib/db/types";
import { hashPassword, timingDummyHash, verifyPassword } from "./password";

export const MAX_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" | "locked" };

export async function signUpLocal(db: Db, email: string, password: string): Promise<{ ok: true; userId: string } | { ok: false; reason: "taken" }> {
  const hash = await hashPassword(password);
  const { rows } = await db.query<{ id: string }>(
    `insert into users (email, password_hash) values ($1, $2) on conflict do nothing returning id`,
    [email, hash],
  );
  return rows[0] ? { ok: true, userId: rows[0].id } : { ok: false, reason: "taken" };
}

/** Checks a password, counting failures per email so that guessing stops after MAX_FAILURES. */
export async function signInLocal(db: Db, email: string, password: string): Promise<SignInResult> {
  const { rows: failures } = await db.query<{ n: number }>(
    `select count(*)::int as n from sign_in_failures
      where lower(email) = lower($1) and failed_at > now() - make_interval(mins => $2)`,
    [email, LOCKOUT_MINUTES],
  );
  if (failures[0].n >= MAX_FAILURES) return { ok: false, reason: "locked" };

  const { rows } = await db.query<{ id: string; password_hash: string | null }>(
    `select id, password_hash from users where lower(email) = lower($1)`,
    [email],
  );
  const user = rows[0];
  const matches = await verifyPassword(password, user?.password_hash ?? (await timingDummyHash()));
  if (user && matches) {
    await db.query(`delete from sign_in_failures where lower(email) = lower($1)`, [email]);
    return { ok: true, userId: user.id };
  }
  await db.query(`insert into sign_in_failures (email) values ($1)`, [email]);
  return { ok: false, reason: "invalid" };
}
