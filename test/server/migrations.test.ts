import { migrate } from "@/lib/db/migrate";
import { dbKinds, freshDb } from "../helpers/db";

describe.each(dbKinds)("migrations on %s", (kind) => {
  it("apply once and are a no-op the second time", async () => {
    const db = await freshDb(kind);
    try {
      expect(await migrate(db)).toEqual([]);
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from schema_migrations`);
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
