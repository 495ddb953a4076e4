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

/** Extends a lease this holder still has; false when it lapsed and someone else took it (or it is gone). */
export async function renewLease(db: Db, name: string, holder: string, ttlSeconds: number): Promise<boolean> {
  const { rows } = await db.query(
    `update scheduler_leases set expires_at = now() + make_interval(secs => $3) where name = $1 and holder = $2 returning holder`,
    [name, holder, ttlSeconds],
  );
  return rows.length > 0;
}

/**
 * Holds a lease for as long as fn runs: a short TTL renewed at a third of it, so a holder that
 * dies (SIGKILL, a lost machine) frees it within one TTL instead of keeping everyone else out
 * for the longest run imaginable. `lost()` turns true if a renewal finds the lease gone.
 */
export async function withLease<T>(
  db: Db, name: string, holder: string, ttlSeconds: number, fn: (lost: () => boolean) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!(await acquireLease(db, name, holder, ttlSeconds))) return { ran: false };
  let lost = false;
  const timer = setInterval(() => {
    renewLease(db, name, holder, ttlSeconds).then((held) => { if (!held) lost = true; }, () => {
      // The database out of reach: the lease may lapse; the work carries on and its writes fail on their own.
    });
  }, (ttlSeconds * 1000) / 3);
  timer.unref();
  try {
    return { ran: true, value: await fn(() => lost) };
  } finally {
    clearInterval(timer);
    await releaseLease(db, name, holder);
  }
}
