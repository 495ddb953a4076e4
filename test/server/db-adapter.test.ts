import { isUniqueViolation } from "@/lib/db/errors";
import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { dbKinds, freshDb } from "../helpers/db";

// The Db contract every query relies on. PGlite's adapter re-uses a saved plan per query text,
// so each case runs the same text more than once.
describe.each(dbKinds)("the Db adapter on %s", (kind) => {
  let db: Db;
  beforeEach(async () => {
    db = await freshDb(kind);
    await db.exec(`create table adapter_t (id int primary key, label text, at timestamptz, tags text[], meta jsonb)`);
  });
  afterEach(() => db.close());

  it("binds each call's own parameters and parses the column types", async () => {
    const insert = `insert into adapter_t (id, label, at, tags, meta) values ($1, $2, $3, $4, $5)`;
    await db.query(insert, [1, "one", new Date("2026-01-02T03:04:05Z"), ["a", "b"], { k: 1 }]);
    await db.query(insert, [2, null, null, [], null]);
    const select = `select id, label, at, tags, meta from adapter_t where id = $1`;
    expect((await db.query(select, [1])).rows).toEqual([
      { id: 1, label: "one", at: new Date("2026-01-02T03:04:05Z"), tags: ["a", "b"], meta: { k: 1 } },
    ]);
    expect((await db.query(select, [2])).rows).toEqual([{ id: 2, label: null, at: null, tags: [], meta: null }]);
    expect((await db.query(select, [3])).rows).toEqual([]);
  });

  it("runs a transaction's beforeCommit hooks after its body, inside it, and rolls back when one fails", async () => {
    const order: string[] = [];
    await db.transaction(async (tx) => {
      tx.beforeCommit!(async () => {
        order.push("hook");
        await tx.query(`insert into adapter_t (id, label) values (2, 'from the hook')`);
      });
      await tx.transaction(async (inner) => inner.beforeCommit!(async () => void order.push("nested hook")));
      await tx.query(`insert into adapter_t (id) values (1)`);
      order.push("body");
    });
    expect(order).toEqual(["body", "hook", "nested hook"]);
    expect((await db.query(`select id from adapter_t order by id`)).rows).toEqual([{ id: 1 }, { id: 2 }]);
    await expect(db.transaction(async (tx) => {
      await tx.query(`insert into adapter_t (id) values (3)`);
      tx.beforeCommit!(async () => { throw new Error("hook failed"); });
    })).rejects.toThrow("hook failed");
    expect((await db.query(`select count(*)::int as n from adapter_t`)).rows).toEqual([{ n: 2 }]);
    expect(db.beforeCommit).toBeUndefined();
  });

  it("reports errors with their code and stays usable, in and out of transactions", async () => {
    const insert = `insert into adapter_t (id) values ($1)`;
    await db.query(insert, [1]);
    const err = await db.query(insert, [1]).catch((e) => e);
    expect(isUniqueViolation(err)).toBe(true);
    await expect(db.query(`select nope from adapter_t`)).rejects.toThrow(/nope/);
    await expect(db.transaction(async (tx) => {
      await tx.query(insert, [2]);
      await tx.query(insert, [1]);
    })).rejects.toMatchObject({ code: "23505" });
    // The failed transaction kept nothing, and the next statements run normally.
    await db.query(insert, [3]);
    expect((await db.query<{ id: number }>(`select id from adapter_t order by id`)).rows).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it("never runs a top-level query inside another caller's open transaction", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const tx = db.transaction(async (t) => {
      await t.query(`insert into adapter_t (id) values (1)`);
      entered();
      await held;
      throw new Error("roll back");
    });
    await inside;
    const outside = db.query(`insert into adapter_t (id) values (2)`);
    release();
    await expect(tx).rejects.toThrow("roll back");
    await outside;
    expect((await db.query<{ id: number }>(`select id from adapter_t`)).rows).toEqual([{ id: 2 }]);
  });

  it("re-reads a table's columns after a script changes them", async () => {
    await db.query(`insert into adapter_t (id) values (1)`);
    const select = `select * from adapter_t`;
    expect(Object.keys((await db.query(select)).rows[0])).not.toContain("extra");
    await db.exec(`alter table adapter_t add column extra text default 'x'`);
    expect((await db.query(select)).rows[0]).toMatchObject({ id: 1, extra: "x" });
  });

  it("applies row-level security for whoever runs the saved query", async () => {
    const users = await db.query<{ id: string }>(`insert into users (email) values ('a@example.test'), ('b@example.test') returning id`);
    const [a, b] = users.rows.map((r) => r.id);
    for (const [slug, user] of [["org-a", a], ["org-b", b]]) {
      await db.query(
        `with o as (insert into organizations (slug, name) values ($1, $1) returning id)
         insert into memberships (org_id, user_id, role) select id, $2, 'owner' from o`, [slug, user],
      );
    }
    const visible = `select slug from organizations order by slug`;
    for (let i = 0; i < 7; i++) { // past the five runs after which Postgres may switch to a generic plan
      expect((await asUser(db, a, (tx) => tx.query(visible))).rows).toEqual([{ slug: "org-a" }]);
      expect((await asUser(db, b, (tx) => tx.query(visible))).rows).toEqual([{ slug: "org-b" }]);
    }
    expect((await db.query(visible)).rows).toEqual([{ slug: "org-a" }, { slug: "org-b" }]);
  });

  it("keeps answering past the number of texts it saves plans for", async () => {
    for (let i = 0; i < 520; i++) {
      const { rows } = await db.query<{ n: number }>(`select $1::int + ${i} as n`, [1]);
      expect(rows[0].n).toBe(i + 1);
    }
  });
});
