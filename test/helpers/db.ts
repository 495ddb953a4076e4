import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { Db } from "@/lib/db/types";
import { scratchDatabase } from "./scratch-database";

export type DbKind = "pglite" | "postgres";

/** PGlite always; PostgreSQL too whenever DATABASE_URL points at a server. */
export const dbKinds: DbKind[] = process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

/** A fresh, migrated database: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function freshDb(kind: DbKind): Promise<Db> {
  if (kind === "pglite") {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
  const db = openPostgres(scratch.url, 4);
  await migrate(db);
  return {
    ...db,
    async close() {
      await db.close();
      await scratch.drop();
    },
  };
}
