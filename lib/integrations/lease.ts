import type { Db } from "@/lib/db/types";

/**
 * A named lease row: whoever holds it may run. Instances share nothing but the database, so this
 * is what keeps two overlapping cron calls (or a cron call and a timer) from checking the same
 * credentials twice. Database time decides expiry, so instance clocks do not matter; a run that
 * dies leaves a lease that simply expires.
 */
export async function acquireLease(db: Db, name: string, holder: string, ttlSeconds: number): Promise<boolean> {
  const { rows } = await db.query(
    `insert into scheduler_leases (name, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3))
     on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where scheduler_leases.expires_at < now()
     returning holder`,
    [name, holder, ttlSeconds],
  );
  return rows.length > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.query(`delete from scheduler_leases where name = $1 and holder = $2`, [name, holder]);
}
