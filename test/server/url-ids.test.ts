import { randomUUID } from "node:crypto";
import { openPglite } from "@/lib/db/pglite";
import type { Db } from "@/lib/db/types";
import { isUuid } from "@/lib/zod/text";

// Detail pages take their id from the URL; isUuid is what stands between it and a uuid column.
describe("isUuid, for ids taken from a URL", () => {
  let db: Db;
  beforeAll(async () => { db = await openPglite(); });
  afterAll(() => db.close());

  it("accepts the ids the database issues", async () => {
    const { rows } = await db.query<{ id: string }>(`select gen_random_uuid()::text as id from generate_series(1, 20)`);
    for (const { id } of rows) expect(isUuid(id)).toBe(true);
    expect(isUuid(randomUUID())).toBe(true);
  });

  it("refuses what a 36-character pattern let through to PostgreSQL's uuid cast, and other malformed ids", async () => {
    for (const id of ["ab".repeat(18), "-".repeat(36), "not-a-uuid", "", `${randomUUID()}x`, `${randomUUID()}/x`]) {
      expect(isUuid(id)).toBe(false);
    }
    await expect(db.query(`select $1::uuid`, ["ab".repeat(18)])).rejects.toThrow();
  });
});
