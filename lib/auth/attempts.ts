import type { Db } from "@/lib/db/types";

export interface Budget {
  /** Attempts allowed per window. */
  limit: number;
  windowSeconds: number;
}

export type Slot =
  | { ok: true; windowStart: string }
  | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt from `key`'s budget, or refuses, in one statement. The window starts at the
 * key's first attempt and lasts windowSeconds. The upsert locks the key's row, so concurrent
 * callers queue on it and each sees the count the one before left: no more than `limit` are ever
 * let through in a window, however many arrive at once. The count stops at limit + 1 ("full, and
 * someone was refused"). The counter lives in the database, so every app instance shares it.
 */
export async function takeSlot(db: Db, key: string, budget: Budget): Promise<Slot> {
  // Rows whose window ended long ago go in the same statement (the longest window is an hour), so
  // the table holds only the last day's addresses and accounts wherever sign-ins happen. Only rows
  // no one else holds: two callers deleting each other's locked rows would deadlock.
  const { rows } = await db.query<{ count: number; windowStart: string; retry: number }>(
    `with pruned as (delete from auth_attempts where key in (select key from auth_attempts
       where window_start < now() - interval '1 day' and key <> $1 limit 100 for update skip locked))
     ${slotUpsert({ key: "$1", windowSeconds: "$2", limit: "$3" })}`,
    [key, budget.windowSeconds, budget.limit],
  );
  const { count, windowStart, retry } = rows[0];
  return count <= budget.limit ? { ok: true, windowStart } : { ok: false, retryAfterSeconds: retry };
}

/**
 * The upsert that takes one slot (takeSlot's statement without its pruning), for statements that
 * take slots alongside other work. The arguments are SQL expressions (placeholders). Returns
 * count, "windowStart" (text) and retry (seconds until the window ends).
 */
export const slotUpsert = (p: { key: string; windowSeconds: string; limit: string }) => `insert into auth_attempts as a (key, window_start, count)
     values (${p.key}, now(), 1)
     on conflict (key) do update set
       count = case when a.window_start <= now() - make_interval(secs => ${p.windowSeconds}::int) then 1 else least(a.count + 1, ${p.limit}::int + 1) end,
       window_start = case when a.window_start <= now() - make_interval(secs => ${p.windowSeconds}::int) then now() else a.window_start end
     returning count, window_start::text as "windowStart",
       greatest(1, ceil(extract(epoch from window_start + make_interval(secs => ${p.windowSeconds}::int) - now())))::int as retry`;

/**
 * Gives back a slot taken in the window that started at `windowStart` (a sign-in that turned out
 * right is not a failure). The window is named by its start as the database wrote it (text keeps
 * the microseconds a Date would drop). Nothing when that window has since ended: the new one owes nothing.
 */
export async function returnSlot(db: Db, key: string, budget: Budget, windowStart: string): Promise<void> {
  await db.query(
    `update auth_attempts set count = least(count, $3::int) - 1 where key = $1 and window_start = $2::timestamptz and count > 0`,
    [key, windowStart, budget.limit],
  );
}
