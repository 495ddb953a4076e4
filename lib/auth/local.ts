import type { Db } from "@/lib/db/types";
import { returnSlot, takeSlot, type Budget } from "./attempts";
import { hashPassword, timingDummyHash, verifyPassword } from "./password";

export const MAX_FAILURES = 5;
export const LOCKOUT_MINUTES = 15;
const ACCOUNT_BUDGET: Budget = { limit: MAX_FAILURES, windowSeconds: LOCKOUT_MINUTES * 60 };

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/** Creates the account; "taken" when the address has one (callers must not say so: see sign-up). */
export async function signUpLocal(db: Db, email: string, password: string): Promise<{ ok: true; userId: string } | { ok: false; reason: "taken" }> {
  const hash = await hashPassword(password);
  const { rows } = await db.query<{ id: string }>(
    `insert into users (email, password_hash) values ($1, $2) on conflict do nothing returning id`,
    [email, hash],
  );
  return rows[0] ? { ok: true, userId: rows[0].id } : { ok: false, reason: "taken" };
}

const accountKey = (email: string) => `sign-in:account:${email.toLowerCase()}`;

export type AccountAttempt = { ok: true; release(): Promise<void> } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one of the email's MAX_FAILURES guesses in its LOCKOUT_MINUTES window before the password
 * is looked at, so however many guesses arrive at once only that many are ever evaluated (in
 * both modes: Supabase sees every sign-in coming from this server's one address). `release()`
 * gives the slot back after a right password, leaving earlier failures counted: a sign-in by the
 * owner does not hand a guesser a fresh budget.
 */
export async function takeAccountAttempt(db: Db, email: string): Promise<AccountAttempt> {
  const key = accountKey(email);
  const slot = await takeSlot(db, key, ACCOUNT_BUDGET);
  if (!slot.ok) return slot;
  return { ok: true, release: () => returnSlot(db, key, ACCOUNT_BUDGET, slot.windowStart) };
}

/** Forgets the email's failed guesses (after a password reset proved who they are). */
export async function clearAccountAttempts(db: Db, email: string): Promise<void> {
  await db.query(`delete from auth_attempts where key = $1`, [accountKey(email)]);
}

/** Checks a password against the local account, within the email's guess budget. */
export async function signInLocal(db: Db, email: string, password: string): Promise<SignInResult> {
  const attempt = await takeAccountAttempt(db, email);
  if (!attempt.ok) return { ok: false, reason: "locked", retryAfterSeconds: attempt.retryAfterSeconds };

  const { rows } = await db.query<{ id: string; password_hash: string | null }>(
    `select id, password_hash from users where lower(email) = lower($1)`,
    [email],
  );
  const user = rows[0];
  const matches = await verifyPassword(password, user?.password_hash ?? (await timingDummyHash()));
  if (user && matches) {
    await attempt.release();
    return { ok: true, userId: user.id };
  }
  return { ok: false, reason: "invalid" };
}
