import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { Db } from "@/lib/db/types";
import { pgliteSource, postgresSource, type NotificationSource } from "@/lib/events/listeners";
import { scratchDatabase } from "./scratch-database";

export type DbKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL too whenever DATABASE_URL points at a server. */
export const dbKinds: DbKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/**
 * A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server with a
 * pool of `poolSize` (small for suites running side by side; a bench passes the product's own).
 */
export async function freshDb(kind: DbKind, poolSize = 4): Promise<Db> {
  return (await migratedDb(kind, poolSize)).db;
}

/**
 * A fresh, migrated database and the source its event feed listens on: PGlite's own LISTEN, or a
 * LISTEN connection to the PostgreSQL server. `url` (PostgreSQL only) lets a test open a second
 * instance's own connections.
 */
export async function feedDb(kind: DbKind): Promise<{ db: Db; source: NotificationSource; url: string | null }> {
  const { db, url } = await migratedDb(kind, 8);
  return { db, source: url === null ? pgliteSource(db) : postgresSource({ connectionString: url }), url };
}

/** close() also drops a PostgreSQL scratch database. */
async function migratedDb(kind: DbKind, connections: number): Promise<{ db: Db; url: string | null }> {
  if (kind === "pglite") {
    const db = await openPglite();
    await migrate(db);
    return { db, url: null };
  }
  const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
  const db = openPostgres(scratch.url, connections);
  await migrate(db);
  return {
    db: {
      ...db,
      async close() {
        await db.close();
        await scratch.drop();
      },
    },
    url: scratch.url,
  };
}
