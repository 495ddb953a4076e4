import type { Db } from "@/lib/db/types";

export interface RateLimit {
  /** Requests one key may make per window. */
  limit: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 120, windowSeconds: 60 };

export interface RateLimitVerdict {
  allowed: boolean;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
}

/**
 * Counts one request of this key in the current fixed window and marks the key used, in one
 * statement. The counter lives in the database, so every app instance shares it (stateless);
 * the upsert is atomic per row, so concurrent requests cannot both take the last slot.
 */
export async function hitRateLimit(db: Db, keyId: string, rl: RateLimit): Promise<RateLimitVerdict> {
  const { rows } = await db.query<{ count: number; reset: number }>(
    `with used as (update api_keys set last_used_at = now() where id = $1),
     win as (select to_timestamp(floor(extract(epoch from now()) / $2::int) * $2::int) as start)
     insert into api_key_usage (key_id, window_start, count) select $1, win.start, 1 from win
     on conflict (key_id) do update set
       count = case when api_key_usage.window_start = excluded.window_start then api_key_usage.count + 1 else 1 end,
       window_start = excluded.window_start
     returning count, greatest(1, ceil(extract(epoch from window_start + $2::int * interval '1 second' - now())))::int as reset`,
    [keyId, rl.windowSeconds],
  );
  const { count, reset } = rows[0];
  return { allowed: count <= rl.limit, remaining: Math.max(0, rl.limit - count), resetSeconds: reset };
}
