import type { Db } from "./types";

/**
 * Runs fn as the client-facing `authenticated` role with auth.uid() = userId, so that row-level
 * security filters what it reads. The app's own checks come first; this is the second line.
 */
export function asUser<T>(db: Db, userId: string, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // set_config(..., true) is SET LOCAL: both settings end with the transaction. One round trip.
    await tx.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
      JSON.stringify({ sub: userId, role: "authenticated" }),
    ]);
    return fn(tx);
  });
}
