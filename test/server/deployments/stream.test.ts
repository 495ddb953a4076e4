import { createEventFeed, type EventFeed } from "@/lib/events/feed";
import { pgliteSource, postgresSource } from "@/lib/events/listeners";
import { insertDeployment } from "@/lib/deployments/queries";
import { registerFollower } from "@/lib/deployments/registry";
import { deploymentEventStream, type DeploymentStreamOptions } from "@/lib/deployments/stream";
import type { Follower } from "@/lib/deployments/types";
import { claimDue, stepDeployment, type WorkerDeps } from "@/lib/deployments/worker";
import { dbKinds } from "../../helpers/db";
import { storeUnverified, twoInstances } from "../../helpers/deployments";
import { makeOrg, makeUser } from "../../helpers/fixtures";
import { sseReader } from "../../helpers/sse";

/** A provider that has, at each step, the lines the test queued for it (and then says READY when told). */
const queued = new Map<string, { lines: string[]; finish: boolean }>();
const scripted: Follower = {
  kind: "vercel",
  async step(_db, d, cursor) {
    const q = queued.get(d.id)!;
    const lines = q.lines.splice(0);
    const finish = q.finish;
    return {
      events: [...(cursor.started ? [] : [{ kind: "state" as const, state: "building" as const, providerState: "BUILDING" }]), ...lines.map((text) => ({ text }))],
      state: finish ? { state: "ready", providerState: "READY" } : undefined,
      cursor: { started: true }, done: finish,
    };
  },
};
registerFollower(scripted);
const LONG: DeploymentStreamOptions = { heartbeatMs: 600_000, maxMs: 600_000, retryMs: 1000 };
const OPTS = { leaseSeconds: 30, stepMs: 1000 };

describe.each(dbKinds)("a deployment's event stream on %s", (kind) => {
  let env: Awaited<ReturnType<typeof twoInstances>>;
  let feedA: EventFeed;
  let n = 0;
  const opened: AbortController[] = [];
  beforeAll(async () => {
    env = await twoInstances(kind);
    // The stream's instance hears of writes through its own LISTEN, as a second `next start` would.
    feedA = createEventFeed(env.db, kind === "pglite" ? pgliteSource(env.db) : postgresSource({ connectionString: env.url! }));
  });
  afterAll(async () => {
    opened.forEach((a) => a.abort());
    await feedA.close();
    await env.close();
  });

  async function setup() {
    const org = await makeOrg(env.db, `ds-${kind}-${n++}`);
    const integrationId = await storeUnverified(env.a, org.orgId, org.users.admin, "vercel", "t", { token: "vcp_streamtoken0123456789abcdef" });
    const d = await env.db.transaction((tx) => insertDeployment(tx, { orgId: org.orgId, kind: "vercel", name: "web", startedBy: org.users.admin, integrationId }));
    queued.set(d.id, { lines: [], finish: false });
    // The follower runs on the other instance; its writes reach the stream through the database only.
    const [claim] = await claimDue(env.b.db, 30, 1, d.id);
    const step = async (lines: string[], finish = false, deps: WorkerDeps = env.b) => {
      queued.get(d.id)!.lines.push(...lines);
      queued.get(d.id)!.finish = finish;
      expect(await stepDeployment(deps, d.id, claim.holder, OPTS)).not.toBe("lost");
    };
    return { org, d, step };
  }
  const open = (userId: string | null, slug: string, id: string, lastEventId: string | null = null, opts: Partial<DeploymentStreamOptions> = {}) => {
    const abort = new AbortController();
    opened.push(abort);
    return deploymentEventStream({ db: env.db, feed: feedA }, userId, slug, id, { lastEventId, signal: abort.signal, recheck: async () => "member" }, { ...LONG, ...opts })
      .then((res) => ({ res, abort, reader: res.ok ? sseReader(res) : null }));
  };
  const seqs = (events: { id: string }[]) => events.map((e) => Number(e.id));

  it("sends the history, then the live tail written on the other instance, each event once", async () => {
    const { org, d, step } = await setup();
    await step(["one", "two"]);
    const { res, reader } = await open(org.users.member, org.slug, d.id);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    const history = [await reader!.nextEvent(), await reader!.nextEvent(), await reader!.nextEvent(), await reader!.nextEvent()];
    expect(history.map((e) => [e!.id, e!.type === "state" ? `[${(e as unknown as { state: string }).state}]` : (e as unknown as { text: string }).text])).toEqual([
      ["1", "[queued]"], ["2", "[building]"], ["3", "one"], ["4", "two"],
    ]);
    await step(["three"]);
    const live = await reader!.nextEvent();
    expect(live).toMatchObject({ id: "5", type: "log", text: "three", level: "info" });
    await step(["four"], true);
    const rest = [await reader!.nextEvent(), await reader!.nextEvent()];
    expect(seqs(rest as { id: string }[])).toEqual([6, 7]);
    expect(rest[1]).toMatchObject({ type: "state", state: "ready" });
    // Followed to the end and all sent: an `end` event, and the server closes the stream.
    const end = await reader!.next();
    expect(end?.data).toBe(JSON.stringify({ state: "ready" }));
    expect(await reader!.next()).toBeNull();
  });

  it("resumes from Last-Event-ID with nothing lost or repeated", async () => {
    const { org, d, step } = await setup();
    await step(["a", "b", "c"]);
    const first = await open(org.users.member, org.slug, d.id);
    const got = [];
    for (let i = 0; i < 3; i++) got.push(await first.reader!.nextEvent());
    first.reader!.close();
    first.abort.abort();
    // Written while nobody was connected.
    await step(["d", "e"]);
    const again = await open(org.users.member, org.slug, d.id, got.at(-1)!.id);
    const resumed = [await again.reader!.nextEvent(), await again.reader!.nextEvent(), await again.reader!.nextEvent()];
    expect(seqs([...got, ...resumed] as { id: string }[])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resumed.map((e) => (e as unknown as { text: string }).text)).toEqual(["b", "c", "d"]);
    again.abort.abort();
  });

  it("ends itself at its time limit with a retry hint, before the platform would", async () => {
    const { org, d } = await setup();
    const { reader } = await open(org.users.member, org.slug, d.id, null, { maxMs: 50 });
    const blocks = [];
    for (let b = await reader!.next(); b; b = await reader!.next()) blocks.push(b);
    expect(blocks.at(-1)).toMatchObject({ retry: 1000, comments: ["time limit reached; reconnect with Last-Event-ID"] });
  });

  it("refuses outsiders, unknown deployments and malformed ids without streaming", async () => {
    const { org, d } = await setup();
    const other = await makeOrg(env.db, `ds-other-${kind}-${n++}`);
    expect((await open(null, org.slug, d.id)).res.status).toBe(401);
    expect((await open(await makeUser(env.db), org.slug, d.id)).res.status).toBe(403);
    // A member of another org cannot read this one's deployment through their own org's slug.
    expect((await open(other.users.owner, other.slug, d.id)).res.status).toBe(404);
    expect((await open(org.users.member, org.slug, "not-a-uuid")).res.status).toBe(404);
    expect((await open(org.users.member, org.slug, d.id, "1e3")).res.status).toBe(400);
  });
});
