import type { NotificationSource } from "@/lib/events/listeners";
import { watchChanges } from "./changes";
import { migrate } from "./migrate";
import { openPostgres } from "./postgres";
import type { Db } from "./types";

/**
 * Server mode: a pool whose reads are re-used until another instance's change is delivered
 * (lib/db/changes.ts), migrated before first use. getDb tries again on the next call after a
 * failure: closed here, a database down at boot does not leave a pool, a ping timer and a
 * consumer of the shared LISTEN connection behind for every request of the outage.
 */
export async function openServer(connectionString: string, source: NotificationSource): Promise<Db> {
  const db = openPostgres(connectionString, undefined, watchChanges(source));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}
