import "server-only";
import type { Db } from "@/lib/db/types";

/** Finished deliveries (and their attempts) are kept this long: long enough to replay a week and look back a month. */
export const KEEP_DAYS = 30;
const EVERY_MS = 3_600_000;
let lastRun = 0;

/** Deletes finished deliveries older than KEEP_DAYS, with their attempts (cascade). Waiting ones stay. */
export async function pruneWebhooks(db: Db, keepDays = KEEP_DAYS): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `with gone as (
       delete from webhook_deliveries where created_at < now() - $1::int * interval '1 day' and (delivered_at is not null or failed_at is not null)
       returning 1
     ) select count(*)::int as n from gone`,
    [keepDays],
  );
  return rows[0].n;
}

/** At most hourly per process, so a timer ticking every 2 s does not delete every 2 s. */
export async function pruneWebhooksNowAndThen(db: Db): Promise<void> {
  if (Date.now() - lastRun < EVERY_MS) return;
  lastRun = Date.now();
  await pruneWebhooks(db);
}
