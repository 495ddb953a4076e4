import { readThrough } from "@/lib/db/read-through";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";

describe.each(dbKinds)("readThrough on %s", (kind) => {
  let db: Db;
  let reads: number;
  const count = () => readThrough(db, "count", async () => {
    reads++;
    return (await db.query<{ n: number }>(`select count(*)::int as n from rt_items`)).rows[0].n;
  }, () => Infinity);

  beforeEach(async () => {
    db = await freshDb(kind);
    await db.exec(`create table rt_items (id int primary key)`);
    reads = 0;
  });
  afterEach(() => db.close());

  if (kind === "postgres") {
    it("always reads: other instances may have written", async () => {
      expect(db.writes).toBeUndefined();
      await count();
      await count();
      expect(reads).toBe(2);
    });
    return;
  }

  it("answers from memory until a write, and every kind of write counts", async () => {
    expect(await count()).toBe(0);
    expect(await count()).toBe(0);
    expect(reads).toBe(1);

    await db.query(`insert into rt_items (id) values (1)`);
    expect(await count()).toBe(1);
    await db.transaction(async (tx) => { await tx.query(`insert into rt_items (id) values (2)`); });
    expect(await count()).toBe(2);
    await db.query(`with gone as (delete from rt_items where id = 2 returning id) select count(*) from gone`);
    expect(await count()).toBe(1);
    await db.exec(`insert into rt_items (id) values (3)`);
    expect(await count()).toBe(2);
    expect(reads).toBe(5);

    // Plain reads leave the count alone.
    await db.query(`select * from rt_items`);
    await count();
    expect(reads).toBe(5);
  });

  it("re-reads after a rolled-back write, and never keeps what a write overtook", async () => {
    await count();
    await expect(db.transaction(async (tx) => {
      await tx.query(`insert into rt_items (id) values (1)`);
      throw new Error("roll back");
    })).rejects.toThrow("roll back");
    expect(await count()).toBe(0);
    // A read that found nothing current and queued behind a write sees the write, but files its
    // answer under the count it started with, so the next read looks again rather than trusting it.
    await db.query(`insert into rt_items (id) values (8)`);
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const held = db.transaction(async (tx) => {
      entered();
      await new Promise<void>((r) => (release = r));
      await tx.query(`insert into rt_items (id) values (7)`);
    });
    await inside;
    const during = count();
    release();
    await held;
    expect(await during).toBe(2);
    const before = reads;
    expect(await count()).toBe(2);
    expect(await count()).toBe(2);
    expect(reads).toBe(before + 1);
  });

  it("re-reads once the answer's own deadline has passed, and does not keep failures", async () => {
    let calls = 0;
    const soon = () => readThrough(db, "soon", async () => ++calls, () => Date.now() - 1);
    await soon();
    await soon();
    expect(calls).toBe(2);
    let fail = true;
    const flaky = () => readThrough(db, "flaky", async () => {
      if (fail) throw new Error("down");
      return "up";
    }, () => Infinity);
    await expect(flaky()).rejects.toThrow("down");
    fail = false;
    expect(await flaky()).toBe("up");
  });
});
