import { randomBytes } from "node:crypto";
import { migrate } from "@/lib/db/migrate";
import { openPglite } from "@/lib/db/pglite";
import { openPostgres } from "@/lib/db/postgres";
import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { createEventFeed, type EventFeed } from "@/lib/events/feed";
import { pgliteSource, postgresSource, type NotificationSource } from "@/lib/events/listeners";
import type { Audience, OrgEvent } from "@/lib/events/types";
import { dbKinds } from "../helpers/db";
import { makeOrg } from "../helpers/fixtures";
import { scratchDatabase } from "../helpers/scratch-database";

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const saved = (orgId: string, n: number) =>
  ({ orgId, type: "credential.saved", data: { integrationId: uuid(n), provider: "openai", name: `key ${n}`, status: "VALID", via: "key" } }) as const;
const append = (db: Db, orgId: string, n: number) => db.transaction((tx) => appendEvent(tx, saved(orgId, n)));

/** What one subscriber received; until(n) resolves once it holds n events. */
function collector() {
  const events: OrgEvent[] = [];
  let waiting: { n: number; resolve: () => void } | null = null;
  return {
    events,
    ids: () => events.map((e) => e.id),
    deliver(e: OrgEvent) {
      events.push(e);
      if (waiting && events.length >= waiting.n) waiting.resolve();
    },
    fail: (err: unknown) => { throw err; },
    until: (n: number) => new Promise<void>((resolve) => (events.length >= n ? resolve() : (waiting = { n, resolve }))),
  };
}

interface World {
  db: Db;
  url?: string;
  source(): NotificationSource;
  close(): Promise<void>;
}

async function world(kind: "pglite" | "postgres"): Promise<World> {
  if (kind === "pglite") {
    const db = await openPglite();
    await migrate(db);
    return { db, source: () => pgliteSource(db), close: () => db.close() };
  }
  const scratch = await scratchDatabase(process.env.DATABASE_URL!, "sb_test");
  const db = openPostgres(scratch.url, 4);
  await migrate(db);
  return {
    db, url: scratch.url,
    source: () => postgresSource({ connectionString: scratch.url, retryMs: 20, maxRetryMs: 200 }),
    close: async () => { await db.close(); await scratch.drop(); },
  };
}

describe.each(dbKinds)("the event feed on %s", (kind) => {
  let w: World;
  let feed: EventFeed;
  beforeAll(async () => {
    w = await world(kind);
    feed = createEventFeed(w.db, w.source());
  });
  afterAll(async () => {
    await feed.close();
    await w.close();
  });

  it("gives each subscriber what it missed, then live events, each once and in order", async () => {
    const org = await makeOrg(w.db, `feed-a-${kind}`);
    for (const n of [1, 2, 3]) await append(w.db, org.orgId, n);
    const behind = collector();
    const current = collector();
    const offBehind = feed.subscribe(org.orgId, "1", "member", behind);
    const offCurrent = feed.subscribe(org.orgId, "3", "member", current);
    await behind.until(2);
    await append(w.db, org.orgId, 4);
    await append(w.db, org.orgId, 5);
    await behind.until(4);
    await current.until(2);
    expect(behind.ids()).toEqual(["2", "3", "4", "5"]);
    expect(current.ids()).toEqual(["4", "5"]);
    offBehind();
    await append(w.db, org.orgId, 6);
    await current.until(3);
    expect(behind.ids()).toEqual(["2", "3", "4", "5"]);
    expect(current.ids()).toEqual(["4", "5", "6"]);
    offCurrent();
  });

  it("never delivers a rolled-back event, and keeps admin-only events from members", async () => {
    const org = await makeOrg(w.db, `feed-b-${kind}`);
    const member = collector();
    const admin = collector();
    const offs = [feed.subscribe(org.orgId, "0", "member", member), feed.subscribe(org.orgId, "0", "admin" as Audience, admin)];
    await expect(w.db.transaction(async (tx) => {
      await appendEvent(tx, saved(org.orgId, 1));
      throw new Error("rolled back");
    })).rejects.toThrow("rolled back");
    await w.db.transaction((tx) => appendEvent(tx, { orgId: org.orgId, type: "invitation.created", data: { invitationId: uuid(2), role: "member" } }));
    await append(w.db, org.orgId, 3);
    await admin.until(2);
    await member.until(1);
    expect(admin.events.map((e) => [e.id, e.type])).toEqual([["1", "invitation.created"], ["2", "credential.saved"]]);
    expect(member.events.map((e) => [e.id, e.type])).toEqual([["2", "credential.saved"]]);
    offs.forEach((off) => off());
  });

  if (kind === "postgres") {
    it("reaches a feed of another instance on the same database (LISTEN/NOTIFY)", async () => {
      const org = await makeOrg(w.db, "feed-other");
      const otherDb = openPostgres(w.url!, 2);
      const other = createEventFeed(otherDb, w.source());
      try {
        const got = collector();
        const off = other.subscribe(org.orgId, "0", "member", got);
        await append(w.db, org.orgId, 1); // written through this instance's pool
        await got.until(1);
        await append(w.db, org.orgId, 2);
        await got.until(2);
        expect(got.ids()).toEqual(["1", "2"]);
        off();
      } finally {
        await other.close();
        await otherDb.close();
      }
    });

    it("loses nothing when the listener's connection is killed: it reconnects and every subscriber catches up by id", async () => {
      const org = await makeOrg(w.db, "feed-killed");
      // The listener logs in as its own role, so the test can keep it out while events are committed.
      const role = `sb_listener_${randomBytes(4).toString("hex")}`;
      await w.db.query(`create role ${role} login`);
      const url = new URL(w.url!);
      url.username = role;
      const errors: string[] = [];
      const listening = createEventFeed(w.db, postgresSource({ connectionString: url.toString(), retryMs: 20, maxRetryMs: 100, onError: (m) => errors.push(m) }));
      const backends = async () => (await w.db.query<{ pid: number }>(`select pid from pg_stat_activity where usename = $1`, [role])).rows;
      try {
        const got = collector();
        const off = listening.subscribe(org.orgId, "0", "member", got);
        await append(w.db, org.orgId, 1);
        await got.until(1);
        while ((await backends()).length === 0) { /* the listener is connected once it has a backend */ }

        await w.db.query(`alter role ${role} nologin`);
        await w.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [role]);
        while ((await backends()).length > 0) { /* gone */ }
        // Committed while no listener exists: no notification for these reaches anyone.
        await append(w.db, org.orgId, 2);
        await append(w.db, org.orgId, 3);
        while (!errors.some((m) => /listener connection lost/.test(m)) || errors.length < 2) { await new Promise((r) => setImmediate(r)); }
        expect(got.ids()).toEqual(["1"]);

        await w.db.query(`alter role ${role} login`);
        await got.until(3);
        await append(w.db, org.orgId, 4);
        await got.until(4);
        expect(got.ids()).toEqual(["1", "2", "3", "4"]);
        expect(errors.join("\n")).not.toContain(w.url!);
        off();
      } finally {
        await listening.close();
        await w.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1`, [role]);
        while ((await backends()).length > 0) { /* gone */ }
        await w.db.query(`drop role ${role}`);
      }
    });
  }
});
