import { createServer, connect, type Server, type Socket } from "node:net";
import { createSession, readSessionMember, revokeSession } from "@/lib/auth/sessions";
import { watchChanges } from "@/lib/db/changes";
import { migrate } from "@/lib/db/migrate";
import { openPostgres } from "@/lib/db/postgres";
import { readThrough } from "@/lib/db/read-through";
import type { Db } from "@/lib/db/types";
import { changeMemberRole } from "@/lib/orgs/members";
import { postgresSource, type NotificationSource, type SourceHandlers } from "@/lib/events/listeners";
import { makeOrg } from "../helpers/fixtures";
import { scratchDatabase } from "../helpers/scratch-database";

// Server mode's read cache across instances: each "instance" is a pool with its own LISTEN
// connection, as two `next start` processes on one PostgreSQL have.
const PROXY_PORT = 4350;
const base = process.env.DATABASE_URL;
const describePg = base ? describe : describe.skip;

/**
 * A loopback TCP proxy to PostgreSQL that can cut its connections and refuse new ones, or mute the
 * open ones (nothing passes, nothing closes: a half-open connection) while new ones work.
 */
function cutter(target: URL): Promise<{ url: string; down(): void; up(): void; mute(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return void client.destroy();
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on("close", () => pairs.delete(pair));
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => server.listen(PROXY_PORT, "127.0.0.1", () => {
    const url = new URL(target);
    url.host = `127.0.0.1:${PROXY_PORT}`;
    resolve({
      url: url.toString(),
      down: () => { open = false; sockets.forEach((s) => s.destroy()); },
      up: () => void (open = true),
      mute: () => pairs.forEach(([c, u]) => {
        c.unpipe(u);
        u.unpipe(c);
        c.pause();
        u.pause();
      }),
      close: () => new Promise<void>((r) => { sockets.forEach((s) => s.destroy()); server.close(() => r()); }),
    });
  }));
}

/** Resolves once cond() holds; the suite's timeout fails the test when it never does. */
async function until(cond: () => boolean) {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

const instance = (url: string, listenUrl = url) =>
  openPostgres(url, 4, watchChanges(postgresSource({ connectionString: listenUrl, retryMs: 20, maxRetryMs: 100 }), { pingMs: 100 }));

describePg("the read cache across instances on PostgreSQL", () => {
  let scratch: { url: string; drop(): Promise<void> };
  let proxy: Awaited<ReturnType<typeof cutter>>;
  let a: Db;
  let b: Db;
  beforeAll(async () => {
    scratch = await scratchDatabase(base!, "sb_test");
    const setup = openPostgres(scratch.url, 2);
    await migrate(setup);
    await setup.close();
    proxy = await cutter(new URL(scratch.url));
    a = instance(scratch.url);
    b = instance(scratch.url, proxy.url); // b listens through the proxy, so its connection can be cut
    await until(() => a.writes!() !== undefined && b.writes!() !== undefined);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await proxy.close();
    await scratch.drop();
  });

  let reads = 0;
  const orgName = (db: Db, orgId: string) => readThrough(db, `org-name:${orgId}`, async () => {
    reads++;
    return (await db.query<{ name: string }>(`select name from organizations where id = $1`, [orgId])).rows[0].name;
  }, () => Infinity);

  /**
   * How many times the second of two reads went to the database, for a pair across which nothing
   * was delivered (the set-up's own notifications may still be arriving: such pairs are retried).
   */
  async function secondRead(db: Db, read: () => Promise<unknown>): Promise<number> {
    for (;;) {
      const stamp = db.writes!();
      await read();
      const after = reads;
      await read();
      if (db.writes!() === stamp) return reads - after;
    }
  }

  it("answers from memory until another instance commits a change, then reads it once delivered", async () => {
    const org = await makeOrg(a, "cache-write");
    expect(await orgName(b, org.orgId)).toBe("CACHE-WRITE");
    expect(await secondRead(b, () => orgName(b, org.orgId))).toBe(0);

    const before = b.writes!();
    await a.query(`update organizations set name = 'Renamed' where id = $1`, [org.orgId]);
    await until(() => b.writes!() !== before); // a's notification reached b
    expect(await orgName(b, org.orgId)).toBe("Renamed");
    // Its own write is read back at once, without waiting for the notification.
    await b.query(`update organizations set name = 'Again' where id = $1`, [org.orgId]);
    expect(await orgName(b, org.orgId)).toBe("Again");
  });

  it("refuses a session signed out, or a member removed, on another instance once that is delivered", async () => {
    const org = await makeOrg(a, "cache-session");
    const { token } = await createSession(a, org.users.member);
    expect((await readSessionMember(b, token, org.slug))?.membership?.role).toBe("member");

    let before = b.writes!();
    await a.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, org.users.member]);
    await until(() => b.writes!() !== before);
    const removed = await readSessionMember(b, token, org.slug);
    expect(removed?.user.id).toBe(org.users.member);
    expect(removed?.membership).toBeNull();

    before = b.writes!();
    await revokeSession(a, token);
    await until(() => b.writes!() !== before);
    expect(await readSessionMember(b, token, org.slug)).toBeNull();
  });

  it("reads a role an owner changed on another instance once that is delivered", async () => {
    const org = await makeOrg(a, "cache-role");
    const { token } = await createSession(a, org.users.admin);
    expect((await readSessionMember(b, token, org.slug))?.membership?.role).toBe("admin");
    const before = b.writes!();
    expect(await changeMemberRole(a, org.orgId, org.users.owner, org.users.admin, "member")).toMatchObject({ kind: "changed" });
    await until(() => b.writes!() !== before);
    expect((await readSessionMember(b, token, org.slug))?.membership?.role).toBe("member");
  });

  it("reads the database while its notification connection is down, and re-uses nothing from before once back", async () => {
    const org = await makeOrg(a, "cache-down");
    expect(await secondRead(b, () => orgName(b, org.orgId))).toBe(0);

    proxy.down();
    await until(() => b.writes!() === undefined);
    const down = reads;
    await orgName(b, org.orgId);
    await orgName(b, org.orgId);
    expect(reads).toBe(down + 2);
    await a.query(`update organizations set name = 'While down' where id = $1`, [org.orgId]);
    expect(await orgName(b, org.orgId)).toBe("While down");

    proxy.up();
    await until(() => b.writes!() !== undefined);
    const back = reads;
    await orgName(b, org.orgId);
    expect(reads).toBe(back + 1);
    expect(await secondRead(b, () => orgName(b, org.orgId))).toBe(0);
  });

  it("replaces a notification connection that stays open but carries nothing", async () => {
    const org = await makeOrg(a, "cache-deaf");
    expect(await secondRead(b, () => orgName(b, org.orgId))).toBe(0);

    proxy.mute(); // b's LISTEN connection neither delivers nor errors; new connections still work
    await until(() => b.writes!() === undefined);
    // Back without the proxy coming back: only a new connection can carry notifications now.
    await until(() => b.writes!() !== undefined);
    const before = b.writes!();
    await a.query(`update organizations set name = 'After deaf' where id = $1`, [org.orgId]);
    await until(() => b.writes!() !== before);
    expect(await orgName(b, org.orgId)).toBe("After deaf");
  });
});

describe("a change watcher whose connection stops delivering", () => {
  it("stops re-using reads when its own pings stop coming back, recycles the connection, and moves on once they do", async () => {
    let handlers!: SourceHandlers;
    let deliver = true;
    let recycled = 0;
    const source: NotificationSource = {
      start: (h) => void (handlers = h),
      stop: async () => {},
      probe: () => void (deliver && handlers.changed?.("ping")),
      // As postgresSource does: the connection drops, then a new one is ready.
      recycle: () => {
        recycled++;
        handlers.lost?.();
        if (deliver) handlers.ready();
      },
    };
    const watcher = watchChanges(source, { pingMs: 10 });
    expect(watcher.stamp()).toBeNull(); // not listening yet
    handlers.ready();
    const first = watcher.stamp();
    expect(first).not.toBeNull();
    deliver = false;
    await until(() => watcher.stamp() === null);
    await until(() => recycled > 0);
    expect(watcher.stamp()).toBeNull(); // lost, and no new connection yet
    expect(recycled).toBe(1); // once per deaf spell, not on every tick
    deliver = true;
    handlers.ready();
    const back = watcher.stamp();
    expect(back).not.toBeNull();
    expect(back).not.toBe(first);
    handlers.changed?.("organizations");
    expect(watcher.stamp()).toBe(back! + 1);
    await watcher.stop();
  });
});
