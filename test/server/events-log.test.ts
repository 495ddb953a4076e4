import { asUser } from "@/lib/db/rls";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { eventsSince, latestEventId } from "@/lib/events/queries";
import { dbKinds, freshDb } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const saved = (orgId: string, n: number) =>
  ({ orgId, type: "credential.saved", data: { integrationId: uuid(n), provider: "openai", name: `key ${n}`, status: "VALID", via: "key" } }) as const;

describe.each(dbKinds)("the org event log on %s", (kind) => {
  let db: Db;
  let a: Awaited<ReturnType<typeof makeOrg>>;
  let b: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    db = await freshDb(kind);
    a = await makeOrg(db, `evlog-a-${kind}`);
    b = await makeOrg(db, `evlog-b-${kind}`);
  });
  afterAll(() => db.close());

  it("numbers each org's events 1, 2, 3 on its own, and reads them back in order after an id", async () => {
    expect(await latestEventId(db, a.orgId)).toBe("0");
    for (const n of [1, 2, 3]) await db.transaction((tx) => appendEvent(tx, saved(a.orgId, n)));
    await db.transaction((tx) => appendEvent(tx, saved(b.orgId, 9)));
    expect(await latestEventId(db, a.orgId)).toBe("3");
    expect((await eventsSince(db, b.orgId, "0", "member")).map((e) => e.id)).toEqual(["1"]);
    const after1 = await eventsSince(db, a.orgId, "1", "member");
    expect(after1.map((e) => [e.id, e.type, e.audience])).toEqual([["2", "credential.saved", "member"], ["3", "credential.saved", "member"]]);
    expect(after1[0].data).toEqual(saved(a.orgId, 2).data);
    expect(await latestEventId(db, a.orgId)).toBe("3");
  });

  it("refuses data outside the type's shape (an extra key could carry a secret) and writes nothing", async () => {
    const before = await latestEventId(db, a.orgId);
    const extra = { ...saved(a.orgId, 4).data, secret: "sk-live-should-never-travel" };
    await expect(db.transaction((tx) => appendEvent(tx, { orgId: a.orgId, type: "credential.saved", data: extra as never }))).rejects.toThrow();
    await expect(db.transaction((tx) => appendEvent(tx, { orgId: a.orgId, type: "credential.deleted", data: { integrationId: "x", provider: "openai", name: "n" } }))).rejects.toThrow();
    expect(await latestEventId(db, a.orgId)).toBe(before);
  });

  it("rolls an event back with its transaction, leaving no hole in the ids", async () => {
    const before = Number(await latestEventId(db, a.orgId));
    await expect(db.transaction(async (tx) => {
      await appendEvent(tx, saved(a.orgId, 5));
      throw new Error("the change failed");
    })).rejects.toThrow("the change failed");
    await db.transaction((tx) => appendEvent(tx, saved(a.orgId, 6)));
    expect((await eventsSince(db, a.orgId, String(before), "member")).map((e) => [e.id, (e.data as { name?: string }).name])).toEqual([[String(before + 1), "key 6"]]);
  });

  it("gives admin-only events to admins only; members read member events, outsiders nothing (RLS)", async () => {
    await db.transaction((tx) => appendEvent(tx, { orgId: a.orgId, type: "invitation.created", data: { invitationId: uuid(7), role: "member" } }));
    const types = (rows: { type: string }[]) => [...new Set(rows.map((r) => r.type))].sort();
    expect(types(await eventsSince(db, a.orgId, "0", "member"))).toEqual(["credential.saved"]);
    expect(types(await eventsSince(db, a.orgId, "0", "admin"))).toEqual(["credential.saved", "invitation.created"]);
    const seen = (userId: string) => asUser(db, userId, async (tx) => (await tx.query<{ type: string }>(`select type from events where org_id = $1`, [a.orgId])).rows);
    expect(types(await seen(a.users.member))).toEqual(["credential.saved"]);
    expect(types(await seen(a.users.admin))).toEqual(["credential.saved", "invitation.created"]);
    expect(await seen(b.users.owner)).toEqual([]);
    // The counters are no client's business.
    await expect(asUser(db, a.users.owner, (tx) => tx.query(`select * from event_counters`))).rejects.toThrow(/permission denied/);
  });

  it("is append-only: no update or delete, not even by the server's own connection", async () => {
    await expect(db.query(`update events set data = '{}' where org_id = $1`, [a.orgId])).rejects.toThrow(/append-only/);
    await expect(db.query(`delete from events where org_id = $1`, [a.orgId])).rejects.toThrow(/append-only/);
    await expect(asUser(db, a.users.owner, (tx) => tx.query(`insert into events (org_id, id, type, audience) values ($1, 99, 'credential.saved', 'member')`, [a.orgId])))
      .rejects.toThrow(/permission denied/);
  });

  it("keeps ids gapless and visible in order while writers in one org race", async () => {
    const org = await makeOrg(db, `evlog-race-${kind}`);
    const seenPrefixes: boolean[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const ids = (await eventsSince(db, org.orgId, "0", "admin", 1000)).map((e) => Number(e.id));
        seenPrefixes.push(ids.every((id, i) => id === i + 1));
      }
    })();
    const writer = async (w: number) => {
      for (let i = 0; i < 15; i++) {
        await db.transaction(async (tx) => {
          await appendEvent(tx, saved(org.orgId, w * 100 + i));
          await tx.query(`select pg_sleep(0)`); // more work after taking the id, as real writes do
        });
      }
    };
    await Promise.all([0, 1, 2, 3].map(writer));
    writing = false;
    await reader;
    const ids = (await eventsSince(db, org.orgId, "0", "admin", 1000)).map((e) => Number(e.id));
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(seenPrefixes.length).toBeGreaterThan(0);
    expect(seenPrefixes.every(Boolean)).toBe(true);
  });

  if (kind === "postgres") {
    it("makes a second writer in the org wait for the first to commit, so a higher id can never become visible first", async () => {
      const org = await makeOrg(db, "evlog-queue");
      let secondDone = false;
      let second: Promise<unknown> = Promise.resolve();
      await db.transaction(async (t1) => {
        await appendEvent(t1, saved(org.orgId, 1));
        // Runs after the event's own pre-commit write: t1 has its id and has not committed yet.
        t1.beforeCommit!(async () => {
          second = db.transaction((t2) => appendEvent(t2, saved(org.orgId, 2))).then(() => void (secondDone = true));
          // Wait (by condition, not by time) until the second writer is blocked on the counter row's lock.
          for (;;) {
            const { rows } = await db.query<{ n: number }>(
              `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%public.append_event(%'`,
            );
            if (rows[0].n > 0 || secondDone) break;
          }
          expect(secondDone).toBe(false);
          expect(await eventsSince(db, org.orgId, "0", "admin")).toEqual([]);
        });
      });
      await second;
      expect((await eventsSince(db, org.orgId, "0", "admin")).map((e) => [e.id, (e.data as { name?: string }).name])).toEqual([["1", "key 1"], ["2", "key 2"]]);
    });
  }
});
