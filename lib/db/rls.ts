import type { Db } from "./types";

/**
 * Runs fn as the client-facing `authenticated` role with auth.uid() = userId, so that row-level
 * security filters what it reads. The app's own checks come first; this is the second line.
 */
export function asUser<T>(db: Db, userId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: "authenticated" })]);
    await tx.query(`set local role authenticated`);
    return fn(tx);
  });
}
