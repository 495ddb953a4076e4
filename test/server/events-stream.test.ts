import type { Db } from "@/lib/db/types";
import { appendEvent } from "@/lib/events/append";
import { createEventFeed, type EventFeed } from "@/lib/events/feed";
import { orgEventStream, type StreamOptions } from "@/lib/events/stream";
import { changeMemberRole } from "@/lib/orgs/members";
import { getMembership } from "@/lib/orgs/queries";
import { dbKinds, feedDb } from "../helpers/db";
import { makeOrg, makeUser } from "../helpers/fixtures";
import { sseReader } from "../helpers/sse";

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const saved = (orgId: string, n: number) =>
  ({ orgId, type: "credential.saved", data: { integrationId: uuid(n), provider: "openai", name: `key ${n}`, status: "VALID", via: "key" } }) as const;
const LONG: StreamOptions = { heartbeatMs: 600_000, maxMs: 600_000, retryMs: 1000 };

describe.each(dbKinds)("the org event stream on %s", (kind) => {
  let db: Db;
  let feed: EventFeed;
  let live = 0; // subscriptions the streams hold right now
  let org: Awaited<ReturnType<typeof makeOrg>>;

  beforeAll(async () => {
    const fresh = await feedDb(kind);
    db = fresh.db;
    feed = createEventFeed(db, fresh.source);
    const real = feed;
    feed = {
      ...real,
      subscribe(...args) {
        live++;
        const off = real.subscribe(...args);
        return () => { live--; off(); };
      },
    };
    org = await makeOrg(db, `stream-${kind}`);
  });
  const opened: AbortController[] = [];
  afterAll(async () => {
    // Streams a failed test left open would keep their timers (and jest) running.
    opened.forEach((a) => a.abort());
    await feed.close();
    await db.close();
  });

  const append = (n: number, orgId = org.orgId) => db.transaction((tx) => appendEvent(tx, saved(orgId, n)));
  const open = (userId: string | null, opts: Partial<StreamOptions> & { lastEventId?: string | null } = {}) => {
    const abort = new AbortController();
    opened.push(abort);
    const recheck = async () => (userId ? ((await getMembership(db, userId, org.slug))?.role ?? null) : null);
    const res = orgEventStream({ db, feed }, userId, org.slug, { lastEventId: opts.lastEventId ?? null, signal: abort.signal, recheck }, { ...LONG, ...opts });
    return { res, abort };
  };

  it("answers 401 signed out, 403 to an outsider and 400 to a bad Last-Event-ID, as JSON, streaming nothing", async () => {
    const out = await (await open(null)).res;
    expect(out.status).toBe(401);
    expect(await out.json()).toEqual({ ok: false, error: expect.stringMatching(/Sign in/) });
    const outsider = await makeUser(db, "outsider");
    const forbidden = await (await open(outsider)).res;
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get("content-type")).toMatch(/application\/json/);
    const bad = await (await open(org.users.member, { lastEventId: "1; drop" })).res;
    expect(bad.status).toBe(400);
    expect(live).toBe(0);
  });

  it("sends SSE with headers nothing buffers, and resumes after a dropped connection with nothing lost or repeated", async () => {
    await append(1);
    await append(2);
    const first = open(org.users.member);
    const res = await first.res;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    expect(res.headers.get("connection")).toBe("keep-alive");
    const a = sseReader(res);
    expect(await a.next()).toMatchObject({ retry: 1000, comments: ["connected"] });
    const base = Number(await db.query<{ id: string }>(`select max(id)::text as id from events where org_id = $1`, [org.orgId]).then((r) => r.rows[0].id));
    await append(3); // live: after the stream opened
    const third = await a.nextEvent();
    expect(third).toMatchObject({ id: String(base + 1), type: "credential.saved", data: { name: "key 3" } });
    await a.close(); // the connection drops
    first.abort.abort();
    while (live > 0) await new Promise((r) => setImmediate(r));

    await append(4); // committed while nobody listens
    await append(5);
    const again = sseReader(await open(org.users.member, { lastEventId: third!.id }).res);
    await again.next(); // retry hint
    const names: string[] = [];
    for (let i = 0; i < 2; i++) names.push(String((await again.nextEvent())!.data.name));
    await append(6);
    const sixth = await again.nextEvent();
    names.push(String(sixth!.data.name));
    expect(names).toEqual(["key 4", "key 5", "key 6"]);
    expect(sixth!.id).toBe(String(base + 4));
    await again.close();
  });

  it("sends admin-only events to admins and not to members", async () => {
    const member = sseReader(await open(org.users.member).res);
    const admin = sseReader(await open(org.users.admin).res);
    await db.transaction((tx) => appendEvent(tx, { orgId: org.orgId, type: "invitation.created", data: { invitationId: uuid(50), role: "member" } }));
    await append(51);
    expect((await admin.nextEvent())!.type).toBe("invitation.created");
    expect((await admin.nextEvent())!.type).toBe("credential.saved");
    expect((await member.nextEvent())!).toMatchObject({ type: "credential.saved", data: { name: "key 51" } });
    await member.close();
    await admin.close();
  });

  it("sends a heartbeat comment while nothing happens", async () => {
    const s = sseReader(await open(org.users.member, { heartbeatMs: 20 }).res);
    await s.next();
    expect(await s.next()).toEqual({ comments: ["heartbeat"] });
    await s.close();
  });

  it("ends itself at its time limit with a retry hint, and lets go of its subscription", async () => {
    const s = sseReader(await open(org.users.member, { maxMs: 30 }).res);
    await s.next();
    expect(await s.next()).toEqual({ retry: 1000, comments: ["time limit reached; reconnect with Last-Event-ID"] });
    expect(await s.next()).toBeNull();
    while (live > 0) await new Promise((r) => setImmediate(r));
  });

  it("ends the stream of an admin an owner made a member at once, so it reconnects for the members' events", async () => {
    const demoted = await makeUser(db, "demoted");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'admin')`, [org.orgId, demoted]);
    const s = sseReader(await open(demoted).res);
    await s.next();
    expect(await changeMemberRole(db, org.orgId, org.users.owner, demoted, "member")).toMatchObject({ kind: "changed" });
    expect(await s.nextEvent()).toMatchObject({ type: "member.role_changed", data: { userId: demoted, role: "member", previous: "admin" } });
    expect(await s.next()).toEqual({ retry: 1000, comments: ["access changed"] });
    expect(await s.next()).toBeNull();
  });

  it("ends a removed member's stream: on the membership event at once, or at the next heartbeat", async () => {
    const gone = await makeUser(db, "leaver");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'member')`, [org.orgId, gone]);
    const s = sseReader(await open(gone).res);
    await s.next();
    await db.transaction(async (tx) => {
      await tx.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, gone]);
      await appendEvent(tx, { orgId: org.orgId, type: "member.removed", data: { userId: gone } });
    });
    expect(await s.nextEvent()).toMatchObject({ type: "member.removed" });
    expect(await s.next()).toEqual({ retry: 1000, comments: ["access changed"] });
    expect(await s.next()).toBeNull();

    const quiet = await makeUser(db, "quiet-leaver");
    await db.query(`insert into memberships (org_id, user_id, role) values ($1, $2, 'member')`, [org.orgId, quiet]);
    const q = sseReader(await open(quiet, { heartbeatMs: 20 }).res);
    await q.next();
    await db.query(`delete from memberships where org_id = $1 and user_id = $2`, [org.orgId, quiet]);
    let block;
    do block = await q.next(); while (block && block.comments[0] === "heartbeat");
    expect(block).toEqual({ retry: 1000, comments: ["access changed"] });
    expect(await q.next()).toBeNull();
  });

  it("still delivers, by the heartbeat's catch-up, when notifications never arrive (a LISTEN behind a transaction pooler)", async () => {
    const deaf = createEventFeed(db, { start: ({ ready }) => ready(), stop: async () => {} });
    const abort = new AbortController();
    opened.push(abort);
    const recheck = async () => (await getMembership(db, org.users.member, org.slug))?.role ?? null;
    const res = await orgEventStream({ db, feed: deaf }, org.users.member, org.slug, { lastEventId: null, signal: abort.signal, recheck }, { ...LONG, heartbeatMs: 20 });
    const s = sseReader(res);
    await s.next();
    await append(70);
    expect(await s.nextEvent()).toMatchObject({ type: "credential.saved", data: { name: "key 70" } });
    abort.abort();
    await deaf.close();
  });

  it("lets go of the feed when the client disconnects", async () => {
    const before = live;
    const { res, abort } = open(org.users.member);
    const s = sseReader(await res);
    await s.next();
    expect(live).toBe(before + 1);
    abort.abort();
    expect(live).toBe(before);
    expect(await s.next()).toBeNull();
  });
});
